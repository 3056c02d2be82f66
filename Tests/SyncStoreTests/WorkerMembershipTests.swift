import Foundation
import SyncEngine
import Testing
@testable import SyncStore

@Suite("Worker membership")
struct WorkerMembershipTests {
    @Test("Workers announce themselves, lapse when they stop, withdraw at shutdown, and are forgotten a day after lapsing", arguments: StoreKind.underTest)
    func lifecycle(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let clock = TestClock()
        let store = try await Fixture.seededStore(in: location, clock: clock)
        #expect(try await store.workers().isEmpty)

        let started = clock.now
        _ = try await store.announceWorker("worker-b", duration: .seconds(20))
        let both = try await store.announceWorker("worker-a", duration: .seconds(20))
        #expect(both.map(\.worker) == ["worker-a", "worker-b"] && both.allSatisfy(\.isLive))
        #expect(both[0].expiresAt == clock.now.addingTimeInterval(20) && both[0].startedAt == started)

        // Worker b stops announcing (kill -9); worker a goes on.
        clock.advance(by: 15)
        let renewed = try await store.announceWorker("worker-a", duration: .seconds(20))
        #expect(renewed[0].startedAt == started && renewed[0].expiresAt == clock.now.addingTimeInterval(20))
        clock.advance(by: 10)
        let seen = try await store.workers()
        #expect(seen.map(\.worker) == ["worker-a", "worker-b"])
        #expect(seen.map(\.isLive) == [true, false])

        // A lapsed worker that announces itself again is live again.
        _ = try await store.announceWorker("worker-b", duration: .seconds(20))
        #expect(try await store.workers().allSatisfy(\.isLive))

        // Graceful shutdown removes the worker at once.
        try await store.withdrawWorker("worker-a")
        #expect(try await store.workers().map(\.worker) == ["worker-b"])

        // A day after lapsing, a worker is forgotten by the next announcement.
        clock.advance(by: 86_400 + 60)
        let remaining = try await store.announceWorker("worker-c", duration: .seconds(20))
        #expect(remaining.map(\.worker) == ["worker-c"])
    }
}
