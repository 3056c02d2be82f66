/// Limits how many cycles run at once against one tenant (Exchange throttles per application
/// and tenant, so one busy environment must not use every slot of the process).
///
/// Waiting cycles take the free slots in order, urgent ones first: a cycle someone is waiting
/// for (an ERP write, a "sync now") does not queue behind a whole scheduled round. A waiting
/// cycle can be made urgent (`promote`).
///
/// A cycle waiting for a slot stops waiting when its task is cancelled (a graceful shutdown):
/// it throws `CancellationError` without taking a slot.
actor TenantLimiter {
    private struct Waiter {
        var id: UInt64
        /// What the cycle is of (its mailbox), so that it can be promoted.
        var key: String?
        var urgent: Bool
        var continuation: CheckedContinuation<Void, any Error>
    }

    private let limit: Int
    private var running: [String: Int] = [:]
    private var waiting: [String: [Waiter]] = [:]
    private var nextWaiter: UInt64 = 0

    init(limit: Int) { self.limit = max(1, limit) }

    /// Runs `body` once a slot of `tenant` is free.
    /// - Parameters:
    ///   - key: what the cycle is of, for `promote`.
    ///   - urgent: served before the cycles that are not.
    /// - Throws: `CancellationError` when the task is cancelled while it waits; what `body` throws.
    func withSlot<T: Sendable>(
        _ tenant: String, key: String? = nil, urgent: Bool = false, _ body: @Sendable () async throws -> T
    ) async throws -> T {
        try await acquire(tenant, key: key, urgent: urgent)
        defer { release(tenant) }
        return try await body()
    }

    /// Makes the cycle of `key` that waits for a slot of `tenant` urgent. Returns whether one was
    /// waiting (false: it holds a slot already, or there is none).
    func promote(_ tenant: String, key: String) -> Bool {
        guard let index = waiting[tenant]?.firstIndex(where: { $0.key == key }) else { return false }
        waiting[tenant]![index].urgent = true
        return true
    }

    private func acquire(_ tenant: String, key: String?, urgent: Bool) async throws {
        if running[tenant, default: 0] < limit {
            running[tenant, default: 0] += 1
            return
        }
        nextWaiter += 1
        let id = nextWaiter
        // The releasing cycle hands its slot over directly, so the count stays at the limit.
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                } else {
                    waiting[tenant, default: []].append(Waiter(id: id, key: key, urgent: urgent, continuation: continuation))
                }
            }
        } onCancel: {
            Task { await self.giveUp(id, tenant: tenant) }
        }
    }

    /// A cancelled waiter leaves the queue; one already handed a slot keeps it (and releases it).
    private func giveUp(_ id: UInt64, tenant: String) {
        guard let index = waiting[tenant]?.firstIndex(where: { $0.id == id }) else { return }
        let waiter = waiting[tenant]!.remove(at: index)
        waiter.continuation.resume(throwing: CancellationError())
    }

    private func release(_ tenant: String) {
        if var queue = waiting[tenant], !queue.isEmpty {
            let index = queue.firstIndex(where: \.urgent) ?? queue.startIndex
            let next = queue.remove(at: index)
            waiting[tenant] = queue
            next.continuation.resume()
        } else {
            running[tenant, default: 1] -= 1
        }
    }

    /// Cycles running now for `tenant`.
    func runningCount(_ tenant: String) -> Int { running[tenant, default: 0] }
}
