import Foundation
import SyncEngine
import Testing
@testable import SyncStore

@Suite("CRM records")
struct RecordTests {
    @Test("An upsert creates version 1 with every kind of field value, and reads back identical", arguments: StoreKind.underTest)
    func createAndRead(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let clock = TestClock()
        let store = try await Fixture.seededStore(in: location, clock: clock)
        let key = Fixture.contact("c1")
        let result = try await store.upsertRecord(
            environment: Fixture.environment, record: key, fields: Fixture.sampleFields,
            owners: [Fixture.alice, Fixture.bob], ifMatch: nil)
        #expect(result == RecordWriteResult(version: RecordVersion(1), outcome: .created, feedPosition: FeedPosition(1)))

        let record = try #require(try await store.record(environment: Fixture.environment, key: key))
        #expect(record.fields == Fixture.sampleFields)
        #expect(record.owners == [Fixture.alice, Fixture.bob])
        #expect(record.version == RecordVersion(1))
        #expect(!record.isDeleted)
        #expect(record.updatedAt == clock.now)
        #expect(try await store.record(environment: Fixture.environment, key: Fixture.contact("nope")) == nil)
        #expect(try await store.record(environment: Fixture.environment, key: RecordKey(.task, "c1")) == nil)
    }

    @Test("If-Match: the right version updates, a stale one fails typed and changes nothing", arguments: StoreKind.underTest)
    func optimisticConcurrency(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let store = try await Fixture.seededStore(in: location)
        let key = Fixture.contact("c1")
        try await store.upsertRecord(environment: Fixture.environment, record: key, fields: ["n": .integer(1)], owners: [Fixture.alice], ifMatch: nil)
        let second = try await store.upsertRecord(
            environment: Fixture.environment, record: key, fields: ["n": .integer(2)], owners: [Fixture.alice],
            ifMatch: RecordVersion(1))
        #expect(second.version == RecordVersion(2) && second.outcome == .updated)

        await #expect(
            throws: SyncStoreError.preconditionFailed(
                environment: Fixture.environment, record: key, expected: RecordVersion(1), actual: RecordVersion(2))
        ) {
            try await store.upsertRecord(
                environment: Fixture.environment, record: key, fields: ["n": .integer(3)], owners: [Fixture.alice],
                ifMatch: RecordVersion(1))
        }
        await #expect(
            throws: SyncStoreError.preconditionFailed(
                environment: Fixture.environment, record: Fixture.contact("new"), expected: RecordVersion(4), actual: nil)
        ) {
            try await store.upsertRecord(
                environment: Fixture.environment, record: Fixture.contact("new"), fields: [:], owners: [], ifMatch: RecordVersion(4))
        }
        let record = try #require(try await store.record(environment: Fixture.environment, key: key))
        #expect(record.fields == ["n": .integer(2)] && record.version == RecordVersion(2))
        #expect(try await store.crmChanges(environment: Fixture.environment, after: .start, limit: 10).changes.count == 2)
    }

    @Test("The same content again keeps the version and appends nothing; a stale If-Match still fails", arguments: StoreKind.underTest)
    func idempotentUpsert(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let store = try await Fixture.seededStore(in: location)
        let key = Fixture.contact("c1")
        try await store.upsertRecord(environment: Fixture.environment, record: key, fields: Fixture.sampleFields, owners: [Fixture.alice], ifMatch: nil)
        try await store.upsertRecord(environment: Fixture.environment, record: key, fields: Fixture.sampleFields, owners: [Fixture.alice, Fixture.bob], ifMatch: RecordVersion(1))
        await #expect(
            throws: SyncStoreError.preconditionFailed(
                environment: Fixture.environment, record: key, expected: RecordVersion(1), actual: RecordVersion(2))
        ) {
            try await store.upsertRecord(
                environment: Fixture.environment, record: key, fields: Fixture.sampleFields, owners: [Fixture.alice, Fixture.bob],
                ifMatch: RecordVersion(1))
        }
        for ifMatch in [nil, RecordVersion(2)] {
            let again = try await store.upsertRecord(
                environment: Fixture.environment, record: key, fields: Fixture.sampleFields, owners: [Fixture.bob, Fixture.alice],
                ifMatch: ifMatch)
            #expect(again == RecordWriteResult(version: RecordVersion(2), outcome: .unchanged, feedPosition: nil))
        }
        #expect(try await store.environment(Fixture.environment)?.crmFeedHead == FeedPosition(2))
    }

    @Test("The CRM feed says which fields changed and which owners came and went", arguments: StoreKind.underTest)
    func feedDetails(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let store = try await Fixture.seededStore(in: location)
        let key = Fixture.contact("c1")
        try await store.upsertRecord(
            environment: Fixture.environment, record: key, fields: ["a": .text("1"), "b": .text("2")], owners: [Fixture.alice],
            ifMatch: nil)
        try await store.upsertRecord(
            environment: Fixture.environment, record: key, fields: ["a": .text("1"), "c": .text("3")], owners: [Fixture.bob],
            ifMatch: nil)
        let page = try await store.crmChanges(environment: Fixture.environment, after: .start, limit: 10)
        #expect(page.changes.map(\.position) == [FeedPosition(1), FeedPosition(2)])
        let created = page.changes[0]
        #expect(created.operation == .upsert && created.version == RecordVersion(1) && created.origin == .erp)
        #expect(created.changedFields == ["a", "b"] && created.ownersAdded == [Fixture.alice] && created.ownersRemoved.isEmpty)
        let updated = page.changes[1]
        #expect(updated.changedFields == ["b", "c"])
        #expect(updated.ownersAdded == [Fixture.bob] && updated.ownersRemoved == [Fixture.alice])
        #expect(try await store.records(environment: Fixture.environment, ownedBy: Fixture.alice, entity: nil).isEmpty)
        #expect(try await store.records(environment: Fixture.environment, ownedBy: Fixture.bob, entity: nil).map(\.key) == [key])
    }

    @Test("A delete leaves a tombstone that keeps its version; re-creating continues from it", arguments: StoreKind.underTest)
    func tombstones(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let clock = TestClock()
        let store = try await Fixture.seededStore(in: location, clock: clock)
        let key = Fixture.contact("c1")
        try await store.upsertRecord(environment: Fixture.environment, record: key, fields: Fixture.sampleFields, owners: [Fixture.alice], ifMatch: nil)

        await #expect(
            throws: SyncStoreError.preconditionFailed(
                environment: Fixture.environment, record: key, expected: RecordVersion(9), actual: RecordVersion(1))
        ) {
            try await store.deleteRecord(environment: Fixture.environment, record: key, ifMatch: RecordVersion(9))
        }
        let deleted = try await store.deleteRecord(environment: Fixture.environment, record: key, ifMatch: RecordVersion(1))
        #expect(deleted == RecordWriteResult(version: RecordVersion(2), outcome: .deleted, feedPosition: FeedPosition(2)))
        let tombstone = try #require(try await store.record(environment: Fixture.environment, key: key))
        #expect(tombstone.isDeleted && tombstone.fields == FieldSet() && tombstone.owners.isEmpty)
        #expect(try await store.records(environment: Fixture.environment, ownedBy: Fixture.alice, entity: .contact).isEmpty)

        let feed = try await store.crmChanges(environment: Fixture.environment, after: FeedPosition(1), limit: 10)
        #expect(feed.changes.map(\.operation) == [.delete])
        #expect(feed.changes[0].ownersRemoved == [Fixture.alice])
        #expect(feed.changes[0].changedFields == Set(Fixture.sampleFields.values.keys))

        let again = try await store.deleteRecord(environment: Fixture.environment, record: key, ifMatch: nil)
        #expect(again == RecordWriteResult(version: RecordVersion(2), outcome: .unchanged, feedPosition: nil))
        await #expect(throws: SyncStoreError.recordNotFound(environment: Fixture.environment, record: Fixture.contact("never"))) {
            try await store.deleteRecord(environment: Fixture.environment, record: Fixture.contact("never"), ifMatch: nil)
        }

        let revived = try await store.upsertRecord(
            environment: Fixture.environment, record: key, fields: ["displayName": .text("Ada")], owners: [Fixture.bob],
            ifMatch: RecordVersion(2))
        #expect(revived.version == RecordVersion(3) && revived.outcome == .created)
        let revivedChange = try await store.crmChanges(environment: Fixture.environment, after: FeedPosition(2), limit: 1)
        #expect(revivedChange.changes.first?.ownersAdded == [Fixture.bob])
        #expect(revivedChange.changes.first?.changedFields == ["displayName"])

        // Purging removes old tombstones only.
        try await store.deleteRecord(environment: Fixture.environment, record: key, ifMatch: nil)
        try await store.upsertRecord(environment: Fixture.environment, record: Fixture.contact("c2"), fields: [:], owners: [], ifMatch: nil)
        clock.advance(by: 3600)
        try await store.upsertRecord(environment: Fixture.environment, record: Fixture.contact("c3"), fields: [:], owners: [], ifMatch: nil)
        try await store.deleteRecord(environment: Fixture.environment, record: Fixture.contact("c3"), ifMatch: nil)
        #expect(try await store.purgeTombstones(environment: Fixture.environment, before: clock.now.addingTimeInterval(-60)) == 1)
        #expect(try await store.record(environment: Fixture.environment, key: key) == nil)
        #expect(try await store.record(environment: Fixture.environment, key: Fixture.contact("c2")) != nil)
        #expect(try await store.record(environment: Fixture.environment, key: Fixture.contact("c3"))?.isDeleted == true)
    }

    @Test("Records of an unknown environment are refused; environments do not see each other's records", arguments: StoreKind.underTest)
    func isolation(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let store = try await Fixture.seededStore(in: location)
        await #expect(throws: SyncStoreError.unknownEnvironment("nobody")) {
            try await store.upsertRecord(environment: "nobody", record: Fixture.contact("c1"), fields: [:], owners: [], ifMatch: nil)
        }
        try await store.registerEnvironment("autreClient", configFingerprint: nil)
        try await store.upsertRecord(environment: Fixture.environment, record: Fixture.contact("c1"), fields: ["x": .integer(1)], owners: [Fixture.alice], ifMatch: nil)
        let other = try await store.upsertRecord(
            environment: "autreClient", record: Fixture.contact("c1"), fields: ["x": .integer(2)], owners: [Fixture.alice], ifMatch: nil)
        #expect(other.version == RecordVersion(1) && other.feedPosition == FeedPosition(1))
        #expect(try await store.record(environment: Fixture.environment, key: Fixture.contact("c1"))?.fields == ["x": .integer(1)])
        #expect(try await store.records(environment: "autreClient", ownedBy: Fixture.alice, entity: nil).map(\.fields) == [["x": .integer(2)]])
    }

    @Test("ETags parse in their usual forms")
    func etags() {
        #expect(RecordVersion(7).etag == "\"7\"")
        #expect(RecordVersion(etag: "\"7\"") == RecordVersion(7))
        #expect(RecordVersion(etag: "W/\"7\"") == RecordVersion(7))
        #expect(RecordVersion(etag: "7") == RecordVersion(7))
        #expect(RecordVersion(etag: "\"seven\"") == nil)
        #expect(RecordVersion(etag: "\"0\"") == nil)
    }
}
