import Foundation
import GRDB
import Testing
@testable import SyncStore

@Suite("Migrations")
struct MigrationTests {
    @Test("A new store is migrated on open; opening it again migrates nothing and keeps every row", arguments: StoreKind.underTest)
    func reopeningKeepsSchemaAndData(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let store = try await Fixture.seededStore(in: location)
        try await store.upsertRecord(
            environment: Fixture.environment, record: Fixture.contact("c1"), fields: Fixture.sampleFields, owners: [Fixture.alice],
            ifMatch: nil)
        let migrated = try await location.snapshot(store)
        #expect(!migrated.isEmpty)
        try await location.close(store)

        let reopened = try await location.open()
        #expect(try await location.snapshot(reopened) == migrated)
        #expect(try await reopened.record(environment: Fixture.environment, key: Fixture.contact("c1"))?.fields == Fixture.sampleFields)
    }

    // The tests below are SQLite-only: they name the SQLite store's migrations, read
    // `sqlite_master` and PRAGMAs, or open the file from several tasks at once.

    /// Every migration, in the order they are applied.
    static let allMigrations = [
        "1-environments-and-mailboxes", "2-links-and-cursors", "3-records-and-feeds",
        "4-webhook-outbox-and-intents", "5-history-and-leases", "6-detached-links-and-intent-fields",
        "7-crm-change-owners", "8-link-uncommitted-write", "10-link-awaiting-read-back", "11-failed-items",
        "12-environment-api-choice", "13-outlook-change-by-record", "14-crm-change-by-mailbox", "15-change-subscriptions",
        "16-workers", "17-onboarding", "18-onboarding-certificate", "19-operator-sessions", "20-service-events", "21-tracked-emails",
    ]

    @Test("An empty file is migrated to the full schema, every migration named and applied once")
    func migratesFromEmpty() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("store.sqlite")
        #expect(!FileManager.default.fileExists(atPath: path))

        let store = try SQLiteSyncStore(path: path)
        let expected = Self.allMigrations
        #expect(try await store.appliedMigrations() == expected)

        let tables = try await store.pool.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        }
        for table in [
            "environment", "mailbox", "link", "sync_state", "crm_feed_position", "record", "record_owner",
            "crm_change", "outlook_change", "webhook_outbox", "intent", "run", "decision", "conflict", "lease", "failed_item",
        ] {
            #expect(tables.contains(table), "missing table \(table)")
        }
        try store.close()

        // Reopening applies nothing again and keeps the data.
        let reopened = try SQLiteSyncStore(path: path)
        #expect(try await reopened.appliedMigrations() == expected)
    }

    @Test("The file is in WAL mode with foreign keys enforced")
    func walAndForeignKeys() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteSyncStore(path: directory.path("store.sqlite"))
        let (journal, foreignKeys) = try await store.pool.read { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Bool.fetchOne(db, sql: "PRAGMA foreign_keys"))
        }
        #expect(journal == "wal")
        #expect(foreignKeys == true)
    }

    /// Opening waits with `Task.sleep` while another creates the file (no thread of the
    /// cooperative pool is blocked, issue 18 item 5): six at once on a pool of two threads.
    @Test("Six stores opening a new file at the same time all end up migrated")
    func concurrentOpening() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("store.sqlite")
        let migrations = try await withThrowingTaskGroup(of: [String].self) { group in
            for _ in 0..<6 {
                group.addTask { try await SQLiteSyncStore.open(path: path).appliedMigrations() }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(migrations.count == 6)
        #expect(migrations.allSatisfy { $0 == Self.allMigrations })
    }

    @Test("A file that cannot be opened gives a typed storage error naming the path")
    func unopenableFile() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("missing-directory/store.sqlite")
        #expect {
            _ = try SQLiteSyncStore(path: path)
        } throws: { error in
            guard case .storageFailure(let operation, _, _) = error as? SyncStoreError else { return false }
            return operation.contains(path)
        }
    }
}
