import Foundation
@testable import SyncService
import Testing

/// Issue 18, item 5: a cycle waiting for a tenant slot stops waiting when its task is cancelled
/// (a graceful shutdown), without taking a slot or leaving one taken.
@Suite("Tenant slots")
struct TenantLimiterTests {
    actor Gate {
        private var opened = false
        private var waiters: [CheckedContinuation<Void, Never>] = []
        func wait() async {
            if opened { return }
            await withCheckedContinuation { waiters.append($0) }
        }
        func open() {
            opened = true
            waiters.forEach { $0.resume() }
            waiters.removeAll()
        }
    }

    @Test("Cancelled while waiting for a slot, a cycle gives up at once and the slots stay right", .timeLimit(.minutes(1)))
    func cancellationWhileWaiting() async throws {
        let limiter = TenantLimiter(limit: 1)
        let gate = Gate()
        let holding = Task { try await limiter.withSlot("tenant") { await gate.wait() } }
        while await limiter.runningCount("tenant") == 0 { await Task.yield() }

        let waiting = Task { try await limiter.withSlot("tenant") { "ran" } }
        try await Task.sleep(for: .milliseconds(50))
        waiting.cancel()
        // Before the fix this waited until the holder released its slot (never, here).
        await #expect(throws: CancellationError.self) { try await waiting.value }

        await gate.open()
        try await holding.value
        #expect(await limiter.runningCount("tenant") == 0)
        let next = try await limiter.withSlot("tenant") { "ran" }
        #expect(next == "ran")
        #expect(await limiter.runningCount("tenant") == 0)
    }

    actor Order {
        var names: [String] = []
        func append(_ name: String) { names.append(name) }
    }

    /// Issue 16: a cycle someone waits for (an ERP write, a "sync now") queued behind a whole
    /// scheduled round, so a write took as long as the round to reach Outlook.
    @Test("Urgent waiters take the next slot before the others; a promoted waiter too", .timeLimit(.minutes(1)))
    func urgentFirst() async throws {
        let limiter = TenantLimiter(limit: 1)
        let gate = Gate()
        let order = Order()
        let holding = Task { try await limiter.withSlot("tenant") { await gate.wait() } }
        while await limiter.runningCount("tenant") == 0 { await Task.yield() }
        var waiters: [Task<Void, any Error>] = []
        for name in ["scheduled-1", "scheduled-2", "scheduled-3"] {
            waiters.append(Task { try await limiter.withSlot("tenant", key: name) { await order.append(name) } })
            try await Task.sleep(for: .milliseconds(20))
        }
        waiters.append(Task { try await limiter.withSlot("tenant", key: "write", urgent: true) { await order.append("write") } })
        try await Task.sleep(for: .milliseconds(20))
        #expect(await limiter.promote("tenant", key: "scheduled-3"))
        #expect(await !limiter.promote("tenant", key: "nobody"))

        await gate.open()
        try await holding.value
        for waiter in waiters { try await waiter.value }
        let names = await order.names
        // Urgent ones in their order in the queue (the promoted one was there first), then the rest.
        #expect(names == ["scheduled-3", "write", "scheduled-1", "scheduled-2"])
        #expect(await limiter.runningCount("tenant") == 0)
    }
}
