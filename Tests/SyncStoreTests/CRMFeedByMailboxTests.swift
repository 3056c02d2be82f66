import Foundation
import GRDB
import SyncEngine
import Testing
@testable import SyncStore

/// Issue 18, item 3: each cycle paged through the environment's whole CRM feed since its position
/// and kept, in Swift, the entries of its own mailbox: its cost followed the environment.
@Suite("The CRM feed, one mailbox's part")
struct CRMFeedByMailboxTests {
    @Test("A mailbox reads the entries of records it owns, gained or lost, and nothing else; its position reaches the head", arguments: StoreKind.underTest)
    func onlyTheMailboxsEntries(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let store = try await Fixture.seededStore(in: location)
        let environment = Fixture.environment, alice = Fixture.alice, bob = Fixture.bob
        let fields: FieldSet = ["name": .text("x")]
        _ = try await store.upsertRecord(environment: environment, record: Fixture.contact("a"), fields: fields, owners: [alice], ifMatch: nil)  // 1
        _ = try await store.upsertRecord(environment: environment, record: Fixture.contact("b"), fields: fields, owners: [bob], ifMatch: nil)  // 2
        _ = try await store.upsertRecord(environment: environment, record: Fixture.contact("ab"), fields: fields, owners: [alice, bob], ifMatch: nil)  // 3
        for index in 0..<20 {  // 4…23: bob's busy day
            _ = try await store.upsertRecord(
                environment: environment, record: Fixture.contact("b"), fields: ["name": .text("b\(index)")], owners: [bob], ifMatch: nil)
        }
        // Alice loses "ab" (24) and gains "b" (25).
        _ = try await store.upsertRecord(environment: environment, record: Fixture.contact("ab"), fields: fields, owners: [bob], ifMatch: nil)
        _ = try await store.upsertRecord(environment: environment, record: Fixture.contact("b"), fields: fields, owners: [alice, bob], ifMatch: nil)

        var positions: [FeedPosition] = []
        var position = FeedPosition.start
        while true {
            let page = try await store.crmChanges(environment: environment, concerning: alice, after: position, limit: 2)
            positions += page.changes.map(\.position)
            #expect(page.changes.allSatisfy { $0.concerns(alice) })
            position = page.next
            if !page.hasMore { break }
        }
        #expect(positions == [FeedPosition(1), FeedPosition(3), FeedPosition(24), FeedPosition(25)])
        #expect(position == FeedPosition(25))

        // Nothing more for alice, however much bob changes: her position still moves to the head.
        _ = try await store.upsertRecord(environment: environment, record: Fixture.contact("ab"), fields: ["name": .text("y")], owners: [bob], ifMatch: nil)
        let quiet = try await store.crmChanges(environment: environment, concerning: alice, after: position, limit: 10)
        #expect(quiet.changes.isEmpty && !quiet.hasMore)
        #expect(quiet.next == FeedPosition(26))
        // Bob's part holds his records' entries.
        let bobs = try await store.crmChanges(environment: environment, concerning: bob, after: .start, limit: 100)
        #expect(bobs.changes.count == 25 && bobs.changes.first?.position == FeedPosition(2))
    }

    // SQLite-only: migrates an SQLite file of schema 13.
    @Test("A store of the previous schema gets its feed indexed by mailbox; entries without owners concern every mailbox")
    func migrationIndexesTheExistingFeed() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("store.sqlite")
        let pool = try DatabasePool(path: path)
        try SQLiteSyncStore.migrator.migrate(pool, upTo: "13-outlook-change-by-record")
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO environment (name, registered_at, updated_at, crm_feed_head) VALUES ('prextra', '2026-12-01 10:00:00.000', '2026-12-01 10:00:00.000', 3);
                    INSERT INTO mailbox (environment, address, state, enrolled_at) VALUES
                        ('prextra', 'alice@prextra.example', 'enrolled', '2026-12-01 10:00:00.000'),
                        ('prextra', 'bob@prextra.example', 'enrolled', '2026-12-01 10:00:00.000');
                    INSERT INTO crm_change (environment, position, entity, record_id, operation, version, changed_fields,
                        owners_added, owners_removed, origin_mailbox, recorded_at, owners) VALUES
                        ('prextra', 1, 'contact', 'old', 'upsert', 1, '[]', '[]', '[]', NULL, '2026-12-01 10:00:00.000', NULL),
                        ('prextra', 2, 'contact', 'b', 'upsert', 1, '[]', '["bob@prextra.example"]', '[]', NULL, '2026-12-01 10:00:00.000', '["bob@prextra.example"]'),
                        ('prextra', 3, 'contact', 'a', 'upsert', 2, '[]', '[]', '["bob@prextra.example"]', NULL, '2026-12-01 10:00:00.000', '["alice@prextra.example"]');
                    """)
        }
        try pool.close()
        let store = try SQLiteSyncStore(path: path)
        let alice = try await store.crmChanges(environment: "prextra", concerning: Fixture.alice, after: .start, limit: 10)
        let bob = try await store.crmChanges(environment: "prextra", concerning: Fixture.bob, after: .start, limit: 10)
        #expect(alice.changes.map(\.position) == [FeedPosition(1), FeedPosition(3)])
        #expect(bob.changes.map(\.position) == [FeedPosition(1), FeedPosition(2), FeedPosition(3)])
        try store.close()
    }
}
