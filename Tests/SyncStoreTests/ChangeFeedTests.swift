import Foundation
import SyncEngine
import Testing
@testable import SyncStore

@Suite("Change feeds")
struct ChangeFeedTests {
    @Test("Outlook changes become records, CRM feed entries with the mailbox as origin, and Outlook feed entries", arguments: StoreKind.underTest)
    func outlookChanges(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let clock = TestClock()
        let store = try await Fixture.seededStore(in: location, clock: clock)
        let key = RecordKey(.appointment, "outlook-1")

        let created = try await store.perform(environment: Fixture.environment) { work in
            work.applyOutlookChange(
                OutlookRecordWrite(
                    record: key, mailbox: Fixture.alice, itemID: "item-1",
                    change: .create(fields: ["subject": .text("Lunch"), "room": .text("A")], owners: []),
                    expectedVersion: nil))
        }
        #expect(created.recordVersions == [key: RecordVersion(1)])
        #expect(created.crmChanges == [FeedPosition(1)] && created.outlookChanges == [FeedPosition(1)])

        let updated = try await store.perform(environment: Fixture.environment) { work in
            work.applyOutlookChange(
                OutlookRecordWrite(
                    record: key, mailbox: Fixture.alice, itemID: "item-1",
                    change: .update(set: ["subject": .text("Dinner"), "room": .text("A")], clear: ["room"]),
                    expectedVersion: RecordVersion(1)))
        }
        #expect(updated.recordVersions == [key: RecordVersion(2)])
        // Nothing changes: no version, no entries.
        let unchanged = try await store.perform(environment: Fixture.environment) { work in
            work.applyOutlookChange(
                OutlookRecordWrite(
                    record: key, mailbox: Fixture.alice, itemID: "item-1", change: .update(set: ["subject": .text("Dinner")], clear: ["nothing"]),
                    expectedVersion: nil))
        }
        #expect(unchanged.recordVersions == [key: RecordVersion(2)] && unchanged.outlookChanges.isEmpty)
        try await store.perform(environment: Fixture.environment) { work in
            work.applyOutlookChange(
                OutlookRecordWrite(record: key, mailbox: Fixture.alice, itemID: "item-1", change: .delete, expectedVersion: RecordVersion(2)))
        }

        let record = try #require(try await store.record(environment: Fixture.environment, key: key))
        #expect(record.isDeleted && record.version == RecordVersion(3))

        let outlook = try await store.outlookChanges(environment: Fixture.environment, after: .start, limit: 10)
        #expect(outlook.changes.map(\.operation) == [.created, .updated, .deleted])
        #expect(outlook.changes.map(\.recordVersion) == [RecordVersion(1), RecordVersion(2), RecordVersion(3)])
        #expect(outlook.changes[0].fields == ["subject": .text("Lunch"), "room": .text("A")])
        #expect(outlook.changes[1].fields == ["subject": .text("Dinner")])
        #expect(outlook.changes[1].clearedFields == ["room"])
        #expect(outlook.changes.allSatisfy { $0.mailbox == Fixture.alice && $0.itemID == "item-1" && $0.occurredAt == clock.now })
        #expect(!outlook.hasMore && outlook.next == FeedPosition(3))

        let crm = try await store.crmChanges(environment: Fixture.environment, after: .start, limit: 10)
        #expect(crm.changes.map(\.origin) == Array(repeating: .mailbox(Fixture.alice), count: 3))
        #expect(crm.changes.map(\.operation) == [.upsert, .upsert, .delete])
        #expect(crm.changes[0].ownersAdded == [Fixture.alice])
        #expect(crm.changes[1].changedFields == ["subject", "room"])
        // Each entry keeps the owners after the change, so a mailbox reads only what concerns it.
        #expect(crm.changes.map(\.owners) == [[Fixture.alice], [Fixture.alice], []])
        #expect(crm.changes.allSatisfy { $0.concerns(Fixture.alice) && !$0.concerns(Fixture.bob) })
    }

    @Test("A CRM change concerns the record's owners, and the mailboxes that gained or lost it", arguments: StoreKind.underTest)
    func crmChangesNameTheMailboxesTheyConcern(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let store = try await Fixture.seededStore(in: location)
        let key = Fixture.contact("c1")
        try await store.upsertRecord(environment: Fixture.environment, record: key, fields: ["a": .integer(1)], owners: [Fixture.alice], ifMatch: nil)
        try await store.upsertRecord(environment: Fixture.environment, record: key, fields: ["a": .integer(1)], owners: [Fixture.bob], ifMatch: nil)
        try await store.upsertRecord(environment: Fixture.environment, record: key, fields: ["a": .integer(2)], owners: [Fixture.bob], ifMatch: nil)
        let changes = try await store.crmChanges(environment: Fixture.environment, after: .start, limit: 10).changes
        #expect(changes.map { $0.concerns(Fixture.alice) } == [true, true, false])
        #expect(changes.map { $0.concerns(Fixture.bob) } == [false, true, true])
        // An entry written before the store kept owners concerns everyone: nothing is skipped.
        var legacy = changes[2]
        legacy.owners = nil
        #expect(legacy.concerns(Fixture.alice))
    }

    @Test("An Outlook change computed against an old version fails and rolls the whole unit back", arguments: StoreKind.underTest)
    func staleOutlookChange(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let store = try await Fixture.seededStore(in: location)
        let key = Fixture.contact("c1")
        try await store.upsertRecord(environment: Fixture.environment, record: key, fields: ["a": .integer(1)], owners: [Fixture.alice], ifMatch: nil)
        try await store.upsertRecord(environment: Fixture.environment, record: key, fields: ["a": .integer(2)], owners: [Fixture.alice], ifMatch: nil)

        await #expect(
            throws: SyncStoreError.preconditionFailed(
                environment: Fixture.environment, record: key, expected: RecordVersion(1), actual: RecordVersion(2))
        ) {
            try await store.perform(environment: Fixture.environment) { work in
                work.setSyncState(mailbox: Fixture.alice, folderID: "contacts", from: nil, to: "S1")
                work.applyOutlookChange(
                    OutlookRecordWrite(
                        record: key, mailbox: Fixture.alice, itemID: "i1", change: .update(set: ["a": .integer(9)], clear: []),
                        expectedVersion: RecordVersion(1)))
            }
        }
        #expect(try await store.syncState(environment: Fixture.environment, mailbox: Fixture.alice, folderID: "contacts") == nil)
        #expect(try await store.outlookChanges(environment: Fixture.environment, after: .start, limit: 10).changes.isEmpty)

        // Creating over a live record is refused too; updating or deleting a missing one is a typed error.
        await #expect(
            throws: SyncStoreError.preconditionFailed(environment: Fixture.environment, record: key, expected: nil, actual: RecordVersion(2))
        ) {
            try await store.perform(environment: Fixture.environment) { work in
                work.applyOutlookChange(
                    OutlookRecordWrite(record: key, mailbox: Fixture.alice, itemID: "i1", change: .create(fields: [:], owners: []), expectedVersion: nil))
            }
        }
        for change in [OutlookRecordWrite.Change.update(set: [:], clear: []), .delete] {
            await #expect(throws: SyncStoreError.recordNotFound(environment: Fixture.environment, record: Fixture.contact("none"))) {
                try await store.perform(environment: Fixture.environment) { work in
                    work.applyOutlookChange(
                        OutlookRecordWrite(record: Fixture.contact("none"), mailbox: Fixture.alice, itemID: nil, change: change, expectedVersion: nil))
                }
            }
        }
    }

    @Test("Feeds page in order, and a reader resumes after its cursor once the file is reopened", arguments: StoreKind.underTest)
    func orderingAndResumption(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        var store = try await Fixture.seededStore(in: location)
        for index in 1...25 {
            try await store.perform(environment: Fixture.environment) { work in
                work.applyOutlookChange(
                    OutlookRecordWrite(
                        record: Fixture.contact("c\(index)"), mailbox: index.isMultiple(of: 2) ? Fixture.alice : Fixture.bob,
                        itemID: "i\(index)", change: .create(fields: ["n": .integer(index)], owners: []), expectedVersion: nil))
            }
        }

        var seen: [Int] = []
        var cursor = FeedPosition.start
        for _ in 0..<2 {
            let page = try await store.outlookChanges(environment: Fixture.environment, after: cursor, limit: 7)
            #expect(page.changes.count == 7 && page.hasMore)
            seen += page.changes.map { $0.recordID.rawValue.dropFirst() }.compactMap { Int($0) }
            cursor = page.next
        }
        #expect(cursor == FeedPosition(14))

        // Restart: close the file, open it again, continue from the saved cursor.
        try await location.close(store)
        store = try await location.open()
        for index in 26...27 {
            try await store.perform(environment: Fixture.environment) { work in
                work.applyOutlookChange(
                    OutlookRecordWrite(
                        record: Fixture.contact("c\(index)"), mailbox: Fixture.alice, itemID: "i\(index)",
                        change: .create(fields: ["n": .integer(index)], owners: []), expectedVersion: nil))
            }
        }
        while true {
            let page = try await store.outlookChanges(environment: Fixture.environment, after: cursor, limit: 7)
            seen += page.changes.map { $0.recordID.rawValue.dropFirst() }.compactMap { Int($0) }
            #expect(page.next >= cursor)
            cursor = page.next
            if !page.hasMore { break }
        }
        #expect(seen == Array(1...27))
        let empty = try await store.outlookChanges(environment: Fixture.environment, after: cursor, limit: 7)
        #expect(empty.changes.isEmpty && !empty.hasMore && empty.next == cursor)

        let positions = try await store.crmChanges(environment: Fixture.environment, after: .start, limit: 100).changes.map(\.position.rawValue)
        #expect(positions == Array(1...27))
    }
}
