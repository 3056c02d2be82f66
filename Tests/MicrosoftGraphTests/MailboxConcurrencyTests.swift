import Foundation
import MicrosoftGraph
import Synchronization
import Testing

/// Counts requests in flight per mailbox on the server side.
final class InFlightCounter: Sendable {
    private let state = Mutex<(current: [String: Int], peak: [String: Int])>(([:], [:]))

    func enter(_ mailbox: String) {
        state.withLock { state in
            state.current[mailbox, default: 0] += 1
            state.peak[mailbox] = max(state.peak[mailbox] ?? 0, state.current[mailbox]!)
        }
    }

    func leave(_ mailbox: String) { state.withLock { $0.current[mailbox, default: 0] -= 1 } }
    var peak: [String: Int] { state.withLock { $0.peak } }
}

@Suite("Per-mailbox concurrency")
struct MailboxConcurrencyTests {
    @Test func noMoreThanFourRequestsAreInFlightPerMailbox() async throws {
        let counter = InFlightCounter()
        try await GraphTestFixture.run(handler: { request in
            let mailbox = request.path.split(separator: "/")[2].description
            counter.enter(mailbox)
            try? await Task.sleep(for: .milliseconds(40))
            counter.leave(mailbox)
            return .json(200, #"{"id":"E1"}"#)
        }) { fixture in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<24 {
                    group.addTask { _ = try await fixture.client.event(id: "E\(index)", mailbox: index.isMultiple(of: 2) ? "u1" : "u2") }
                }
                try await group.waitForAll()
            }
            #expect(fixture.server.requests.count == 24)
            #expect(counter.peak["u1", default: 0] <= 4)
            #expect(counter.peak["u2", default: 0] <= 4)
            print("peak in flight per mailbox: \(counter.peak)")
        }
    }

    @Test func aCancelledWaiterLeavesTheQueue() async throws {
        try await GraphTestFixture.run(handler: { _ in
            try? await Task.sleep(for: .milliseconds(200))
            return .json(200, #"{"id":"E1"}"#)
        }) { fixture in
            let client = fixture.client
            let tasks = (0..<6).map { index in Task { try await client.event(id: "E\(index)", mailbox: "u1") } }
            tasks[5].cancel()
            var cancelled = 0
            for task in tasks {
                do { _ = try await task.value } catch { cancelled += 1 }
            }
            #expect(cancelled <= 1)
            // The slots came back: a later request still gets through.
            _ = try await client.event(id: "after", mailbox: "u1")
        }
    }
}
