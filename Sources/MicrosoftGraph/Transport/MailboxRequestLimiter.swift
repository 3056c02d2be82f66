import Foundation

/// Keeps the requests in flight towards each mailbox at or under a limit (Outlook's
/// MailboxConcurrency allows 4 per app and mailbox). Waiters are served first come, first served;
/// a cancelled waiter leaves the queue with `CancellationError`.
actor MailboxRequestLimiter {
    private struct Waiter {
        let id: UUID
        let continuation: CheckedContinuation<Void, any Error>
    }

    private let limit: Int
    private var inFlight: [String: Int] = [:]
    private var waiters: [String: [Waiter]] = [:]

    init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// Runs `body` once a slot of `mailbox` is free, and frees it afterwards.
    nonisolated func withSlot<T: Sendable>(for mailbox: String, _ body: () async throws -> T) async throws -> T {
        try await acquire(mailbox)
        do {
            let result = try await body()
            await release(mailbox)
            return result
        } catch {
            await release(mailbox)
            throw error
        }
    }

    private func acquire(_ mailbox: String) async throws {
        try Task.checkCancellation()
        if inFlight[mailbox, default: 0] < limit {
            inFlight[mailbox, default: 0] += 1
            return
        }
        let id = UUID()
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                waiters[mailbox, default: []].append(Waiter(id: id, continuation: continuation))
            }
        } onCancel: {
            Task { await self.cancelWaiter(id, mailbox: mailbox) }
        }
    }

    private func cancelWaiter(_ id: UUID, mailbox: String) {
        guard let index = waiters[mailbox]?.firstIndex(where: { $0.id == id }) else { return }
        let waiter = waiters[mailbox]!.remove(at: index)
        waiter.continuation.resume(throwing: CancellationError())
    }

    private func release(_ mailbox: String) {
        if var queue = waiters[mailbox], !queue.isEmpty {
            // The slot passes straight to the next waiter; the count stays.
            let next = queue.removeFirst()
            waiters[mailbox] = queue.isEmpty ? nil : queue
            next.continuation.resume()
            return
        }
        let remaining = inFlight[mailbox, default: 1] - 1
        inFlight[mailbox] = remaining > 0 ? remaining : nil
    }
}
