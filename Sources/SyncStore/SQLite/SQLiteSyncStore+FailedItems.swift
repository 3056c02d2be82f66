import Foundation
import GRDB
import SyncEngine

extension SQLiteSyncStore: FailedItemStore {
    public func failedItems(environment: String, mailbox: MailboxAddress?) async throws -> [FailedItem] {
        try await reading("list failed items", environment: environment) { db in
            var sql = "SELECT * FROM failed_item WHERE environment = ?"
            var arguments: StatementArguments = [environment]
            if let mailbox {
                sql += " AND mailbox = ?"
                arguments += [mailbox.rawValue]
            }
            return try Row.fetchAll(db, sql: sql + " ORDER BY id", arguments: arguments).map(Self.failedItem(from:))
        }
    }

    public func failedItem(environment: String, id: Int64) async throws -> FailedItem? {
        try await reading("read a failed item", environment: environment) { db in
            try Self.failedItem(db, environment: environment, id: id)
        }
    }

    @discardableResult
    public func retryFailedItem(environment: String, id: Int64) async throws -> FailedItem? {
        try await writing("retry a failed item", environment: environment) { db in
            try db.execute(
                sql: "UPDATE failed_item SET state = 'retrying', attempts = 0 WHERE environment = ? AND id = ?",
                arguments: [environment, id])
            return try Self.failedItem(db, environment: environment, id: id)
        }
    }

    @discardableResult
    public func dismissFailedItem(environment: String, id: Int64) async throws -> Bool {
        try await writing("dismiss a failed item", environment: environment) { db in
            try db.execute(sql: "DELETE FROM failed_item WHERE environment = ? AND id = ?", arguments: [environment, id])
            return db.changesCount > 0
        }
    }

    static func recordRefusedWrite(_ db: Database, environment: String, _ write: RefusedWrite, at now: Date) throws
        -> FailedItem
    {
        // A quarantined write is only tried again after a change on either side (or a retry asked
        // for): its attempts count from one again.
        try db.execute(
            sql: """
                INSERT INTO failed_item (environment, mailbox, entity, record_id, item_id, operation, code, message, remedy,
                    attempts, state, first_failed_at, last_failed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)
                ON CONFLICT (environment, mailbox, entity, record_id) DO UPDATE SET
                    item_id = excluded.item_id, operation = excluded.operation, code = excluded.code,
                    message = excluded.message, remedy = excluded.remedy,
                    attempts = CASE WHEN failed_item.state = 'quarantined' THEN 1 ELSE failed_item.attempts + 1 END,
                    last_failed_at = excluded.last_failed_at
                """,
            arguments: [
                environment, write.mailbox.rawValue, write.record.entity.rawValue, write.record.id.rawValue, write.itemID,
                write.operation, write.code, write.message, write.remedy,
                write.maxAttempts <= 1 ? "quarantined" : "retrying", now, now,
            ])
        try db.execute(
            sql: """
                UPDATE failed_item SET state = CASE WHEN attempts >= ? THEN 'quarantined' ELSE 'retrying' END
                WHERE environment = ? AND mailbox = ? AND entity = ? AND record_id = ?
                """,
            arguments: [
                write.maxAttempts, environment, write.mailbox.rawValue, write.record.entity.rawValue, write.record.id.rawValue,
            ])
        guard
            let row = try Row.fetchOne(
                db,
                sql: "SELECT * FROM failed_item WHERE environment = ? AND mailbox = ? AND entity = ? AND record_id = ?",
                arguments: [environment, write.mailbox.rawValue, write.record.entity.rawValue, write.record.id.rawValue])
        else { throw SyncStoreError.constraintViolation(environment: environment, detail: "the failed item of \(write.record) was not stored") }
        let failure = try failedItem(from: row)
        // The ERP hears of it once, when it is quarantined (not of each attempt before).
        if failure.state == .quarantined, failure.attempts == write.maxAttempts,
            let record = try storedRecord(db, environment: environment, key: write.record)
        {
            _ = try appendOutlookChange(
                db, environment: environment, kind: RecordKind(write.record.entity), id: write.record.id, operation: .failed, fields: FieldSet(), cleared: [],
                mailbox: write.mailbox, itemID: write.itemID, version: record.version, at: now,
                failure: OutlookChange.Failure(
                    code: failure.code, message: failure.message, remedy: failure.remedy, failedItemID: failure.id))
        }
        return failure
    }

    static func clearFailedItem(_ db: Database, environment: String, mailbox: MailboxAddress, record: RecordKey) throws {
        try db.execute(
            sql: "DELETE FROM failed_item WHERE environment = ? AND mailbox = ? AND entity = ? AND record_id = ?",
            arguments: [environment, mailbox.rawValue, record.entity.rawValue, record.id.rawValue])
    }

    /// Failed items per mailbox, for the mailbox status.
    static func failedItemCounts(_ db: Database, environment: String) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT mailbox, COUNT(*) AS n FROM failed_item WHERE environment = ? GROUP BY mailbox",
            arguments: [environment])
        {
            counts[row["mailbox"]] = row["n"]
        }
        return counts
    }

    private static func failedItem(_ db: Database, environment: String, id: Int64) throws -> FailedItem? {
        try Row.fetchOne(db, sql: "SELECT * FROM failed_item WHERE environment = ? AND id = ?", arguments: [environment, id])
            .map(failedItem(from:))
    }

    static func failedItem(from row: Row) throws -> FailedItem {
        FailedItem(
            id: row["id"], environment: row["environment"], mailbox: MailboxAddress(row["mailbox"] as String),
            record: try recordKey(entity: row["entity"], id: row["record_id"]), itemID: row["item_id"],
            operation: row["operation"], code: row["code"], message: row["message"], remedy: row["remedy"],
            attempts: row["attempts"], state: FailedItem.State(rawValue: row["state"]) ?? .retrying,
            firstFailedAt: row["first_failed_at"], lastFailedAt: row["last_failed_at"])
    }
}
