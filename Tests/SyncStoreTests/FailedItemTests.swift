import Foundation
import GRDB
import SyncEngine
import Testing
@testable import SyncStore

/// The failed-item ledger: attempts counted per record and mailbox, quarantine at the limit, a
/// fresh count after a quarantine, one `failed` feed entry per quarantine, retry and dismissal.
@Suite("Failed items")
struct FailedItemTests {
    static let record = RecordKey(.appointment, "A1")

    static func refusal(_ mailbox: MailboxAddress = Fixture.alice, maxAttempts: Int = 3) -> RefusedWrite {
        RefusedWrite(
            mailbox: mailbox, record: record, itemID: "AAMk-1", operation: "update",
            code: "ErrorCalendarEndDateIsEarlierThanStartDate", message: "EndDate is earlier than StartDate",
            remedy: "Correct the times.", maxAttempts: maxAttempts)
    }

    func refuse(_ store: any SyncStore, _ write: RefusedWrite = refusal()) async throws -> FailedItem {
        var work = UnitOfWork(environment: Fixture.environment)
        work.recordRefusedWrite(write)
        return try #require(try await store.commit(work).failedItems.first)
    }

    @Test("Attempts count up to the limit, quarantine there, and start again from one after a quarantine", arguments: StoreKind.underTest)
    func attemptsAndQuarantine(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let store = try await Fixture.seededStore(in: location)
        _ = try await store.upsertRecord(
            environment: Fixture.environment, record: Self.record, fields: ["subject": .text("x")], owners: [Fixture.alice],
            ifMatch: nil)

        #expect(try await refuse(store).attempts == 1)
        #expect(try await refuse(store).state == .retrying)
        let third = try await refuse(store)
        #expect(third.attempts == 3 && third.state == .quarantined)
        let fourth = try await refuse(store)
        #expect(fourth.attempts == 1 && fourth.state == .retrying)
        #expect(fourth.id == third.id)
        // Bob's failure of the same record is his own.
        #expect(try await refuse(store, Self.refusal(Fixture.bob)).id != third.id)

        // One feed entry per quarantine, with the record's version and the reason.
        let feed = try await store.outlookChanges(environment: Fixture.environment, after: .start, limit: 100).changes
        let failed = feed.filter { $0.operation == .failed }
        #expect(failed.count == 1)
        #expect(failed.first?.failure?.failedItemID == third.id)
        #expect(failed.first?.recordVersion == RecordVersion(1))
        #expect(failed.first?.fields == FieldSet())

        var clear = UnitOfWork(environment: Fixture.environment)
        clear.clearFailedItem(mailbox: Fixture.alice, record: Self.record)
        try await store.commit(clear)
        #expect(try await store.failedItems(environment: Fixture.environment, mailbox: Fixture.alice).isEmpty)
        #expect(try await store.failedItems(environment: Fixture.environment, mailbox: nil).count == 1)
        #expect(try await store.mailbox(environment: Fixture.environment, address: Fixture.bob)?.failedItems == 1)

        // Removing the mailbox removes its failures.
        try await store.removeMailbox(environment: Fixture.environment, address: Fixture.bob)
        #expect(try await store.failedItems(environment: Fixture.environment, mailbox: nil).isEmpty)
    }

    @Test("A retry puts a quarantined failure back to retrying at zero attempts; a dismissal forgets it", arguments: StoreKind.underTest)
    func retryAndDismiss(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let store = try await Fixture.seededStore(in: location)
        let failure = try await refuse(store, Self.refusal(maxAttempts: 1))
        #expect(failure.state == .quarantined)
        let retried = try await store.retryFailedItem(environment: Fixture.environment, id: failure.id)
        #expect(retried?.state == .retrying && retried?.attempts == 0)
        #expect(try await refuse(store, Self.refusal(maxAttempts: 2)).attempts == 1)
        #expect(try await store.dismissFailedItem(environment: Fixture.environment, id: failure.id))
        #expect(try await store.retryFailedItem(environment: Fixture.environment, id: failure.id) == nil)
        #expect(try await store.dismissFailedItem(environment: Fixture.environment, id: failure.id) == false)
        // A record unknown to the CRM (an Outlook item whose import was refused) has no feed entry.
        let feed = try await store.outlookChanges(environment: Fixture.environment, after: .start, limit: 100).changes
        #expect(feed.isEmpty)
    }

    // SQLite-only: the rebuild of the SQLite feed table by an SQLite schema migration.
    @Test("A file of the previous schema keeps its Outlook feed and webhook outbox through the feed table's rebuild")
    func feedSurvivesTheRebuild() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("store.sqlite")
        let pool = try DatabasePool(path: path)
        try SQLiteSyncStore.migrator.migrate(pool, upTo: "10-link-awaiting-read-back")
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO environment (name, registered_at, updated_at, webhook_delivery, outlook_feed_head)
                    VALUES ('prextra', '2026-12-01 10:00:00.000', '2026-12-01 10:00:00.000', 1, 1);
                    INSERT INTO outlook_change (environment, position, entity, record_id, operation, fields, cleared_fields,
                        mailbox, item_id, record_version, occurred_at)
                    VALUES ('prextra', 1, 'contact', 'C1', 'updated', '{}', '[]', 'alice@prextra.example', 'AAMk-1', 2,
                        '2026-12-01 10:00:00.000');
                    INSERT INTO webhook_outbox (environment, position, next_attempt_at) VALUES ('prextra', 1, '2026-12-01 10:00:00.000');
                    """)
        }
        try pool.close()

        let store = try SQLiteSyncStore(path: path)
        #expect(try await store.appliedMigrations().contains("11-failed-items"))
        let feed = try await store.outlookChanges(environment: "prextra", after: .start, limit: 10).changes
        #expect(feed.map(\.record) == [RecordKey(.contact, "C1")])
        #expect(feed.first?.failure == nil)
        let foreignKeysOK = try await store.pool.read { db in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").isEmpty }
        #expect(foreignKeysOK)
        let outbox = try await store.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM webhook_outbox") }
        #expect(outbox == 1)
        try store.close()
    }
}
