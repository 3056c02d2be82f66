import Foundation
import Testing
@testable import SyncStore

@Suite("Service events for the webhook")
struct ServiceEventTests {
    static func event(_ key: String, at date: Date) -> ServiceEvent {
        ServiceEvent(key: key, type: ServiceEvent.credentialExpiring, environment: Fixture.environment, data: Data(#"{"daysLeft":30}"#.utf8), occurredAt: date)
    }

    @Test("An event is queued once per key, claimed once at a time, retried after a failure, and kept once delivered", arguments: StoreKind.underTest)
    func lifecycle(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let clock = TestClock()
        let store = try await Fixture.seededStore(in: location, clock: clock)
        let now = clock.now
        #expect(try await store.queueServiceEvent(Self.event("credential.expiring:prextra:30", at: now)))
        #expect(try await !store.queueServiceEvent(Self.event("credential.expiring:prextra:30", at: now)), "another worker saw it too")
        #expect(try await store.queueServiceEvent(Self.event("credential.expiring:prextra:7", at: now)))

        let claimed = try await store.claimDueServiceEvents(limit: 10, claimFor: .seconds(60), now: now)
        #expect(claimed.map(\.key) == ["credential.expiring:prextra:30", "credential.expiring:prextra:7"])
        #expect(claimed.first?.data == Data(#"{"daysLeft":30}"#.utf8))
        #expect(try await store.claimDueServiceEvents(limit: 10, claimFor: .seconds(60), now: now).isEmpty, "claimed: not sent twice")

        try await store.markServiceEventDelivered(id: claimed[0].id, at: now)
        try await store.markServiceEventFailed(id: claimed[1].id, error: "HTTP 503", retryAt: now.addingTimeInterval(30))
        #expect(try await store.claimDueServiceEvents(limit: 10, claimFor: .seconds(60), now: now.addingTimeInterval(10)).isEmpty)
        let retried = try await store.claimDueServiceEvents(limit: 10, claimFor: .seconds(60), now: now.addingTimeInterval(31))
        #expect(retried.map(\.key) == ["credential.expiring:prextra:7"] && retried.first?.attempts == 1 && retried.first?.lastError == "HTTP 503")

        let all = try await store.serviceEvents(limit: 10)
        #expect(all.count == 2 && all.last?.deliveredAt != nil)
    }
}
