/// Limits how many cycles run at once against one tenant (Exchange throttles per application
/// and tenant, so one busy environment must not use every slot of the process).
actor TenantLimiter {
    private let limit: Int
    private var running: [String: Int] = [:]
    private var waiting: [String: [CheckedContinuation<Void, Never>]] = [:]

    init(limit: Int) { self.limit = max(1, limit) }

    /// Runs `body` once a slot of `tenant` is free.
    func withSlot<T: Sendable>(_ tenant: String, _ body: @Sendable () async throws -> T) async rethrows -> T {
        await acquire(tenant)
        defer { release(tenant) }
        return try await body()
    }

    private func acquire(_ tenant: String) async {
        if running[tenant, default: 0] < limit {
            running[tenant, default: 0] += 1
            return
        }
        // The releasing cycle hands its slot over directly, so the count stays at the limit.
        await withCheckedContinuation { waiting[tenant, default: []].append($0) }
    }

    private func release(_ tenant: String) {
        if var queue = waiting[tenant], !queue.isEmpty {
            let next = queue.removeFirst()
            waiting[tenant] = queue
            next.resume()
        } else {
            running[tenant, default: 1] -= 1
        }
    }

    /// Cycles running now for `tenant`.
    func runningCount(_ tenant: String) -> Int { running[tenant, default: 0] }
}
