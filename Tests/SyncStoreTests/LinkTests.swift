import Foundation
import GRDB
import SyncEngine
import Testing
@testable import SyncStore

@Suite("Links")
struct LinkTests {
    @Test("A link round-trips with its base, change keys, tag and folder, and is found by record, item and tag", arguments: StoreKind.underTest)
    func roundTrip(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let store = try await Fixture.seededStore(in: location)
        let record = Fixture.contact("c1")
        let link = Fixture.link(record, item: "AAMkAD=item1")
        try await store.perform(environment: Fixture.environment) { $0.createLink(link) }

        #expect(try await store.link(environment: Fixture.environment, mailbox: Fixture.alice, record: record) == link)
        #expect(try await store.link(environment: Fixture.environment, mailbox: Fixture.alice, itemID: "AAMkAD=item1") == link)
        #expect(try await store.link(environment: Fixture.environment, mailbox: Fixture.alice, tag: "contact:c1") == link)
        #expect(try await store.link(environment: Fixture.environment, mailbox: Fixture.bob, record: record) == nil)
        #expect(try await store.link(environment: "autreClient", mailbox: Fixture.alice, record: record) == nil)

        // Detaching (delete policy `unlink`) survives the round trip.
        var detached = link
        detached.isDetached = true
        try await store.perform(environment: Fixture.environment) { $0.updateLink(detached) }
        #expect(try await store.link(environment: Fixture.environment, mailbox: Fixture.alice, record: record)?.isDetached == true)
    }

    @Test("An uncommitted write survives a reopen until the link's next commit clears it; it needs the linked item", arguments: StoreKind.underTest)
    func uncommittedWrite(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        var store = try await Fixture.seededStore(in: location)
        let record = Fixture.contact("c1")
        let link = Fixture.link(record, item: "item-1")
        try await store.perform(environment: Fixture.environment) { $0.createLink(link) }

        let write = UncommittedWrite(
            changeKey: "ck-item-1-2",
            patch: FieldPatch(values: ["jobTitle": .text("Directeur"), "birthday": .day("1980-02-29")], cleared: ["department"]))
        try await store.perform(environment: Fixture.environment) {
            $0.recordUncommittedWrite(mailbox: Fixture.alice, record: record, itemID: "item-1", write: write)
        }
        try await location.close(store)
        store = try await location.open()
        let noted = try #require(try await store.link(environment: Fixture.environment, mailbox: Fixture.alice, record: record))
        #expect(noted.uncommittedWrite == write)
        #expect(noted.lastWrittenChangeKey == "ck-item-1-2")
        #expect(noted.changeKey == link.changeKey && noted.base == link.base)

        // Another item (the link moved on meanwhile): refused, typed.
        await #expect(throws: SyncStoreError.linkNotFound(environment: Fixture.environment, mailbox: Fixture.alice, record: record)) {
            try await store.perform(environment: Fixture.environment) {
                $0.recordUncommittedWrite(mailbox: Fixture.alice, record: record, itemID: "item-2", write: write)
            }
        }

        var committed = noted
        committed.uncommittedWrite = nil
        committed.changeKey = "ck-item-1-2"
        try await store.perform(environment: Fixture.environment) { $0.updateLink(committed) }
        #expect(try await store.link(environment: Fixture.environment, mailbox: Fixture.alice, record: record)?.uncommittedWrite == nil)
    }

    @Test("A record owned by two mailboxes has one link in each; the same item id may appear in two mailboxes", arguments: StoreKind.underTest)
    func severalMailboxes(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let store = try await Fixture.seededStore(in: location)
        let record = Fixture.contact("shared")
        try await store.perform(environment: Fixture.environment) { work in
            work.createLink(Fixture.link(record, item: "same-id", mailbox: Fixture.alice))
            work.createLink(Fixture.link(record, item: "same-id", mailbox: Fixture.bob))
            work.createLink(Fixture.link(RecordKey(.task, "t1"), item: "task-1", mailbox: Fixture.alice))
        }
        #expect(try await store.links(environment: Fixture.environment, record: record).map(\.mailbox) == [Fixture.alice, Fixture.bob])
        let aliceLinks = try await store.links(environment: Fixture.environment, mailbox: Fixture.alice, entity: nil)
        #expect(aliceLinks.map(\.record) == [Fixture.contact("shared"), RecordKey(.task, "t1")])
        #expect(try await store.links(environment: Fixture.environment, mailbox: Fixture.alice, entity: .task).count == 1)
    }

    @Test("A second link for a record, or a second record for an item, is refused with a typed error", arguments: StoreKind.underTest)
    func duplicatesRefused(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let store = try await Fixture.seededStore(in: location)
        let record = Fixture.contact("c1")
        try await store.perform(environment: Fixture.environment) { $0.createLink(Fixture.link(record, item: "i1")) }

        await #expect(
            throws: SyncStoreError.recordAlreadyLinked(
                environment: Fixture.environment, mailbox: Fixture.alice, record: record, existingItemID: "i1")
        ) {
            try await store.perform(environment: Fixture.environment) { $0.createLink(Fixture.link(record, item: "i2")) }
        }
        await #expect(
            throws: SyncStoreError.itemAlreadyLinked(
                environment: Fixture.environment, mailbox: Fixture.alice, itemID: "i1", existingRecord: record)
        ) {
            try await store.perform(environment: Fixture.environment) {
                $0.createLink(Fixture.link(Fixture.contact("c2"), item: "i1"))
            }
        }
        #expect(try await store.links(environment: Fixture.environment, mailbox: Fixture.alice, entity: nil).count == 1)
    }

    // SQLite-only: writes SQL around the store, through the SQLite store's own `writing`.
    @Test("The database itself refuses duplicates written around the store's checks")
    func databaseConstraints() async throws {
        let directory = try TemporaryDirectory()
        let store = try await Fixture.seededStore(at: directory.path("store.sqlite"))
        try await store.perform(environment: Fixture.environment) {
            $0.createLink(Fixture.link(Fixture.contact("c1"), item: "i1"))
        }
        let insert = """
            INSERT INTO link (environment, mailbox, entity, record_id, item_id, change_key, base, tag, created_at, updated_at)
            VALUES ('prextra', 'alice@prextra.example', 'contact', ?, ?, 'ck', '{}', 't', '2027-01-01', '2027-01-01')
            """
        for (recordID, itemID, column) in [("c1", "other-item", "record_id"), ("c2", "i1", "item_id")] {
            await #expect {
                try await store.writing("insert a duplicate link", environment: Fixture.environment) { db in
                    try db.execute(sql: insert, arguments: [recordID, itemID])
                }
            } throws: { error in
                guard case .constraintViolation(let environment, let detail) = error as? SyncStoreError else { return false }
                return environment == Fixture.environment && detail.contains("UNIQUE") && detail.contains(column)
            }
        }
        // A link to a mailbox that is not enrolled breaks the foreign key.
        await #expect {
            try await store.writing("insert an orphan link") { db in
                try db.execute(
                    sql: insert.replacingOccurrences(of: "alice@prextra.example", with: "nobody@prextra.example"),
                    arguments: ["c3", "i3"])
            }
        } throws: { error in
            guard case .constraintViolation(_, let detail) = error as? SyncStoreError else { return false }
            return detail.contains("FOREIGN KEY")
        }
    }

    @Test("Updating a link changes its base and keys, follows a moved item, and cannot steal another item", arguments: StoreKind.underTest)
    func update(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let store = try await Fixture.seededStore(in: location)
        let first = Fixture.contact("c1")
        let second = Fixture.contact("c2")
        try await store.perform(environment: Fixture.environment) { work in
            work.createLink(Fixture.link(first, item: "i1"))
            work.createLink(Fixture.link(second, item: "i2"))
        }
        var moved = Fixture.link(first, item: "i1-after-move")
        moved.changeKey = "ck-2"
        moved.lastWrittenChangeKey = "ck-2"
        moved.base = ["displayName": .text("Ada King")]
        moved.folderID = nil
        try await store.perform(environment: Fixture.environment) { $0.updateLink(moved) }
        #expect(try await store.link(environment: Fixture.environment, mailbox: Fixture.alice, record: first) == moved)
        #expect(try await store.link(environment: Fixture.environment, mailbox: Fixture.alice, itemID: "i1") == nil)

        await #expect(
            throws: SyncStoreError.itemAlreadyLinked(
                environment: Fixture.environment, mailbox: Fixture.alice, itemID: "i2", existingRecord: second)
        ) {
            try await store.perform(environment: Fixture.environment) { $0.updateLink(Fixture.link(first, item: "i2")) }
        }
        await #expect(
            throws: SyncStoreError.linkNotFound(environment: Fixture.environment, mailbox: Fixture.bob, record: first)
        ) {
            try await store.perform(environment: Fixture.environment) {
                $0.updateLink(Fixture.link(first, item: "x", mailbox: Fixture.bob))
            }
        }
    }

    @Test("Removing a link frees its record and item; removing a missing link is a typed error", arguments: StoreKind.underTest)
    func removal(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let store = try await Fixture.seededStore(in: location)
        let record = Fixture.contact("c1")
        try await store.perform(environment: Fixture.environment) { $0.createLink(Fixture.link(record, item: "i1")) }
        try await store.perform(environment: Fixture.environment) { $0.removeLink(mailbox: Fixture.alice, record: record) }
        #expect(try await store.link(environment: Fixture.environment, mailbox: Fixture.alice, record: record) == nil)
        try await store.perform(environment: Fixture.environment) {
            $0.createLink(Fixture.link(Fixture.contact("c2"), item: "i1"))
        }
        await #expect(
            throws: SyncStoreError.linkNotFound(environment: Fixture.environment, mailbox: Fixture.alice, record: record)
        ) {
            try await store.perform(environment: Fixture.environment) { $0.removeLink(mailbox: Fixture.alice, record: record) }
        }
    }

    @Test("A link in a mailbox that is not enrolled, or in another environment, is refused", arguments: StoreKind.underTest)
    func wrongScope(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let store = try await Fixture.seededStore(in: location)
        let carol: MailboxAddress = "carol@prextra.example"
        await #expect(throws: SyncStoreError.unknownMailbox(environment: Fixture.environment, mailbox: carol)) {
            try await store.perform(environment: Fixture.environment) {
                $0.createLink(Fixture.link(Fixture.contact("c1"), item: "i1", mailbox: carol))
            }
        }
        try await store.registerEnvironment("autreClient", configFingerprint: nil)
        await #expect(throws: SyncStoreError.environmentMismatch(expected: "autreClient", found: Fixture.environment)) {
            try await store.perform(environment: "autreClient") { $0.createLink(Fixture.link(Fixture.contact("c1"), item: "i1")) }
        }
    }
}
