import Foundation
import SyncEngine
import Testing
@testable import SyncStore

/// Bounded storage (issue 18, item 2): feeds and tombstones go once they are old and no reader
/// needs them; a reader the pruning passed is told so instead of silently skipping changes.
@Suite("Feed and tombstone retention")
struct FeedRetentionTests {
    static let day: TimeInterval = 86_400

    /// A store with `count` contacts written by the ERP on the first day, Alice's cycle at the
    /// CRM feed position `alicePosition` and Bob's at the head.
    static func store(in location: StoreLocation, clock: TestClock) async throws -> any SyncStore {
        let store = try await Fixture.seededStore(in: location, clock: clock)
        for index in 1...6 {
            _ = try await store.upsertRecord(
                environment: Fixture.environment, record: Fixture.contact("C\(index)"), fields: Fixture.sampleFields,
                owners: [Fixture.alice, Fixture.bob], ifMatch: nil)
        }
        return store
    }

    func setPosition(_ store: any SyncStore, _ mailbox: MailboxAddress, to position: Int64) async throws {
        let from = try await store.crmFeedPosition(environment: Fixture.environment, consumer: .mailbox(mailbox))
        var work = UnitOfWork(environment: Fixture.environment)
        work.setCRMFeedPosition(consumer: .mailbox(mailbox), from: from, to: FeedPosition(position))
        try await store.commit(work)
    }

    @Test("CRM feed entries go only once every consumer read past them and they are older than the retention", arguments: StoreKind.underTest)
    func crmFeed(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let clock = TestClock()
        let store = try await Self.store(in: location, clock: clock)
        try await setPosition(store, Fixture.alice, to: 2)
        try await setPosition(store, Fixture.bob, to: 6)
        clock.advance(by: 40 * Self.day)

        // Too recent for a 60-day retention: nothing goes.
        let none = try await store.pruneFeeds(environment: Fixture.environment, before: clock.now.addingTimeInterval(-60 * Self.day), batchSize: 2)
        #expect(none.crmChanges == 0)
        // Old enough: only what Alice (the slowest reader) has read goes, in batches of 1.
        let pruned = try await store.pruneFeeds(environment: Fixture.environment, before: clock.now.addingTimeInterval(-30 * Self.day), batchSize: 1)
        #expect(pruned.crmChanges == 2)
        let left = try await store.crmChanges(environment: Fixture.environment, after: .start, limit: 100).changes
        #expect(left.map(\.position.rawValue) == [3, 4, 5, 6])
        // Alice reads on from where she was: nothing she needs is gone.
        let alice = try await store.crmChanges(environment: Fixture.environment, after: FeedPosition(2), limit: 100).changes
        #expect(alice.count == 4)
    }

    @Test("Outlook feed entries go when old, except those whose webhook is not delivered; a reader passed by the pruning gets feedPruned", arguments: StoreKind.underTest)
    func outlookFeed(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let clock = TestClock()
        let store = try await Self.store(in: location, clock: clock)
        try await store.setWebhookDelivery(environment: Fixture.environment, enabled: true)
        for index in 1...3 {
            var work = UnitOfWork(environment: Fixture.environment)
            work.applyOutlookChange(
                OutlookRecordWrite(
                    record: Fixture.contact("C\(index)"), mailbox: Fixture.alice, itemID: "I\(index)",
                    change: .update(set: ["rank": .integer(index + 10)], clear: []), expectedVersion: nil))
            try await store.commit(work)
        }
        // The first entry's webhook went out; the others wait for the ERP.
        let claimed = try await store.claimDueWebhookDeliveries(environment: Fixture.environment, limit: 1, claimFor: .seconds(60))
        try await store.markWebhookDelivered(environment: Fixture.environment, position: try #require(claimed.first).change.position)
        clock.advance(by: 40 * Self.day)

        let pruned = try await store.pruneFeeds(environment: Fixture.environment, before: clock.now.addingTimeInterval(-30 * Self.day), batchSize: 10)
        #expect(pruned.outlookChanges == 1)
        let kept = try await store.outlookChanges(environment: Fixture.environment, after: FeedPosition(1), limit: 10).changes
        #expect(kept.map(\.position.rawValue) == [2, 3])
        await #expect(throws: SyncStoreError.feedPruned(environment: Fixture.environment, position: .start, oldest: FeedPosition(2))) {
            try await store.outlookChanges(environment: Fixture.environment, after: .start, limit: 10)
        }
    }

    @Test("A tombstone goes once every mailbox read its delete, and only when old", arguments: StoreKind.underTest)
    func tombstones(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let clock = TestClock()
        let store = try await Self.store(in: location, clock: clock)
        try await store.deleteRecord(environment: Fixture.environment, record: Fixture.contact("C1"), ifMatch: nil)
        try await setPosition(store, Fixture.alice, to: 7)
        try await setPosition(store, Fixture.bob, to: 6)
        clock.advance(by: 40 * Self.day)
        let cutoff = clock.now.addingTimeInterval(-30 * Self.day)
        // Bob has not read the delete (position 7) yet: the tombstone stays.
        #expect(try await store.purgeReadTombstones(environment: Fixture.environment, before: cutoff) == 0)
        try await setPosition(store, Fixture.bob, to: 7)
        #expect(try await store.purgeReadTombstones(environment: Fixture.environment, before: clock.now.addingTimeInterval(-60 * Self.day)) == 0)
        #expect(try await store.purgeReadTombstones(environment: Fixture.environment, before: cutoff) == 1)
        #expect(try await store.record(environment: Fixture.environment, key: Fixture.contact("C1")) == nil)
    }
}
