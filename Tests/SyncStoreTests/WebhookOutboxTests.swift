import Foundation
import SyncEngine
import Testing
@testable import SyncStore

@Suite("Webhook outbox")
struct WebhookOutboxTests {
    private func appendChange(_ store: any SyncStore, _ id: String) async throws {
        try await store.perform(environment: Fixture.environment) { work in
            work.applyOutlookChange(
                OutlookRecordWrite(
                    record: Fixture.contact(id), mailbox: Fixture.alice, itemID: "item-\(id)",
                    change: .create(fields: ["name": .text(id)], owners: []), expectedVersion: nil))
        }
    }

    @Test("Only changes made while delivery is on are queued, in the same commit as the feed entry", arguments: StoreKind.underTest)
    func queuing(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let store = try await Fixture.seededStore(in: location)
        try await appendChange(store, "before")
        #expect(try await store.undeliveredWebhookCount(environment: Fixture.environment) == 0)
        try await store.setWebhookDelivery(environment: Fixture.environment, enabled: true)
        try await appendChange(store, "after-1")
        try await appendChange(store, "after-2")
        #expect(try await store.undeliveredWebhookCount(environment: Fixture.environment) == 2)
        #expect(try await store.webhookDelivery(environment: Fixture.environment, position: FeedPosition(1)) == nil)
        let queued = try #require(try await store.webhookDelivery(environment: Fixture.environment, position: FeedPosition(2)))
        #expect(queued.change.record == Fixture.contact("after-1") && queued.attempts == 0 && queued.deliveredAt == nil)
    }

    private func appendUpdate(_ store: any SyncStore, _ id: String, name: String) async throws {
        try await store.perform(environment: Fixture.environment) { work in
            work.applyOutlookChange(
                OutlookRecordWrite(
                    record: Fixture.contact(id), mailbox: Fixture.alice, itemID: "item-\(id)",
                    change: .update(set: ["name": .text(name)], clear: []), expectedVersion: nil))
        }
    }

    /// Issue 18, item 4: a failed entry backed off while the record's later entries went out, so
    /// the ERP saw a record's changes out of order.
    @Test("A record's later change waits until its earlier one is delivered; other records' changes go meanwhile", arguments: StoreKind.underTest)
    func orderedWithinARecord(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let clock = TestClock()
        let store = try await Fixture.seededStore(in: location, clock: clock)
        try await store.setWebhookDelivery(environment: Fixture.environment, enabled: true)
        try await appendChange(store, "a")  // 1
        try await appendChange(store, "b")  // 2
        try await appendUpdate(store, "a", name: "a, edited")  // 3
        try await appendUpdate(store, "b", name: "b, edited")  // 4

        let environment = Fixture.environment
        var claimed = try await store.claimDueWebhookDeliveries(environment: environment, limit: 10, claimFor: .seconds(30))
        #expect(claimed.map(\.change.position) == [FeedPosition(1), FeedPosition(2)], "one entry per record at a time")
        // Claimed but not answered yet: the records' later entries still wait.
        #expect(try await store.claimDueWebhookDeliveries(environment: environment, limit: 10, claimFor: .seconds(30)).isEmpty)

        // a's first change fails and backs off; b's is delivered, so b's next one is free.
        try await store.markWebhookFailed(environment: environment, position: FeedPosition(1), error: "HTTP 503", retryAt: clock.now.addingTimeInterval(60))
        try await store.markWebhookDelivered(environment: environment, position: FeedPosition(2))
        claimed = try await store.claimDueWebhookDeliveries(environment: environment, limit: 10, claimFor: .seconds(30))
        #expect(claimed.map(\.change.position) == [FeedPosition(4)], "a's edit waits behind a's failed create")
        try await store.markWebhookDelivered(environment: environment, position: FeedPosition(4))

        clock.advance(by: 60)
        claimed = try await store.claimDueWebhookDeliveries(environment: environment, limit: 10, claimFor: .seconds(30))
        #expect(claimed.map(\.change.position) == [FeedPosition(1)])
        try await store.markWebhookDelivered(environment: environment, position: FeedPosition(1))
        claimed = try await store.claimDueWebhookDeliveries(environment: environment, limit: 10, claimFor: .seconds(30))
        #expect(claimed.map(\.change.position) == [FeedPosition(3)])
    }

    @Test("Claims hide entries from other senders until they run out; failures retry later; deliveries are final", arguments: StoreKind.underTest)
    func claimRetryDeliver(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let clock = TestClock()
        let store = try await Fixture.seededStore(in: location, clock: clock)
        try await store.setWebhookDelivery(environment: Fixture.environment, enabled: true)
        for id in ["a", "b", "c"] { try await appendChange(store, id) }

        let first = try await store.claimDueWebhookDeliveries(environment: Fixture.environment, limit: 2, claimFor: .seconds(30))
        #expect(first.map(\.change.position) == [FeedPosition(1), FeedPosition(2)])
        #expect(first.allSatisfy { $0.nextAttemptAt == clock.now.addingTimeInterval(30) })
        // Another sender gets only what is left.
        let second = try await store.claimDueWebhookDeliveries(environment: Fixture.environment, limit: 10, claimFor: .seconds(30))
        #expect(second.map(\.change.position) == [FeedPosition(3)])

        try await store.markWebhookDelivered(environment: Fixture.environment, position: FeedPosition(1))
        try await store.markWebhookFailed(
            environment: Fixture.environment, position: FeedPosition(2), error: "HTTP 503 from the ERP",
            retryAt: clock.now.addingTimeInterval(120))
        // Entry 3's sender died: its claim runs out and it is due again.
        clock.advance(by: 31)
        let third = try await store.claimDueWebhookDeliveries(environment: Fixture.environment, limit: 10, claimFor: .seconds(600))
        #expect(third.map(\.change.position) == [FeedPosition(3)])
        clock.advance(by: 120)
        let retried = try await store.claimDueWebhookDeliveries(environment: Fixture.environment, limit: 10, claimFor: .seconds(30))
        #expect(retried.map(\.change.position) == [FeedPosition(2)])
        #expect(retried.first?.attempts == 1 && retried.first?.lastError == "HTTP 503 from the ERP")

        let delivered = try #require(try await store.webhookDelivery(environment: Fixture.environment, position: FeedPosition(1)))
        #expect(delivered.deliveredAt != nil && delivered.attempts == 1)
        // Marking a delivered entry again changes nothing; an unknown entry is an error.
        try await store.markWebhookDelivered(environment: Fixture.environment, position: FeedPosition(1))
        try await store.markWebhookFailed(environment: Fixture.environment, position: FeedPosition(1), error: "late", retryAt: clock.now)
        #expect(try await store.webhookDelivery(environment: Fixture.environment, position: FeedPosition(1)) == delivered)
        await #expect(throws: SyncStoreError.self) {
            try await store.markWebhookDelivered(environment: Fixture.environment, position: FeedPosition(99))
        }
        #expect(try await store.undeliveredWebhookCount(environment: Fixture.environment) == 2)
    }

    @Test("Undelivered entries survive a restart", arguments: StoreKind.underTest)
    func durability(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let store = try await Fixture.seededStore(in: location)
        try await store.setWebhookDelivery(environment: Fixture.environment, enabled: true)
        try await appendChange(store, "a")
        _ = try await store.claimDueWebhookDeliveries(environment: Fixture.environment, limit: 10, claimFor: .seconds(1))
        try await location.close(store)

        let clock = TestClock(TestClock().now.addingTimeInterval(3600))
        let reopened = try await location.open(clock: clock)
        let due = try await reopened.claimDueWebhookDeliveries(environment: Fixture.environment, limit: 10, claimFor: .seconds(30))
        #expect(due.map(\.change.record) == [Fixture.contact("a")])
    }
}
