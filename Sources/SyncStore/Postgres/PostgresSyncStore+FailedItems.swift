import Foundation
import PostgresNIO
import SyncEngine

extension PostgresSyncStore: FailedItemStore {
    public func failedItems(environment: String, mailbox: MailboxAddress?) async throws -> [FailedItem] {
        try await session("list failed items", environment: environment) { db in
            try await db.rows(
                """
                SELECT * FROM failed_item WHERE environment = \(environment)
                    AND (\(mailbox?.rawValue)::text IS NULL OR mailbox = \(mailbox?.rawValue))
                ORDER BY id
                """
            ).map(Self.failedItem(from:))
        }
    }

    public func failedItem(environment: String, id: Int64) async throws -> FailedItem? {
        try await session("read a failed item", environment: environment) { db in
            try await Self.failedItem(db, environment: environment, id: id)
        }
    }

    @discardableResult
    public func retryFailedItem(environment: String, id: Int64) async throws -> FailedItem? {
        try await session("retry a failed item", environment: environment) { db in
            try await db.row(
                """
                UPDATE failed_item SET state = 'retrying', attempts = 0 WHERE environment = \(environment) AND id = \(id)
                RETURNING *
                """
            ).map(Self.failedItem(from:))
        }
    }

    @discardableResult
    public func dismissFailedItem(environment: String, id: Int64) async throws -> Bool {
        try await session("dismiss a failed item", environment: environment) { db in
            try await !db.rows("DELETE FROM failed_item WHERE environment = \(environment) AND id = \(id) RETURNING 1").isEmpty
        }
    }

    /// Counts an attempt (the caller holds the environment's lock: a quarantine appends a `failed`
    /// entry to the Outlook feed).
    static func recordRefusedWrite(_ db: PostgresSession, environment: String, _ write: RefusedWrite, at now: Date)
        async throws -> FailedItem
    {
        // A quarantined write is only tried again after a change on either side (or a retry asked
        // for): its attempts count from one again.
        guard
            let row = try await db.row(
                """
                INSERT INTO failed_item AS f (environment, mailbox, entity, record_id, item_id, operation, code, message,
                    remedy, attempts, state, first_failed_at, last_failed_at)
                VALUES (\(environment), \(write.mailbox.rawValue), \(write.record.entity.rawValue), \(write.record.id.rawValue),
                    \(write.itemID), \(write.operation), \(write.code), \(write.message), \(write.remedy), 1,
                    CASE WHEN 1 >= \(write.maxAttempts) THEN 'quarantined' ELSE 'retrying' END, \(now), \(now))
                ON CONFLICT (environment, mailbox, entity, record_id) DO UPDATE SET
                    item_id = excluded.item_id, operation = excluded.operation, code = excluded.code,
                    message = excluded.message, remedy = excluded.remedy,
                    attempts = CASE WHEN f.state = 'quarantined' THEN 1 ELSE f.attempts + 1 END,
                    state = CASE WHEN (CASE WHEN f.state = 'quarantined' THEN 1 ELSE f.attempts + 1 END) >= \(write.maxAttempts)
                        THEN 'quarantined' ELSE 'retrying' END,
                    last_failed_at = excluded.last_failed_at
                RETURNING *
                """)
        else {
            throw SyncStoreError.constraintViolation(environment: environment, detail: "the failed item of \(write.record) was not stored")
        }
        let failure = try failedItem(from: row)
        // The ERP hears of it once, when it is quarantined (not of each attempt before).
        if failure.state == .quarantined, failure.attempts == write.maxAttempts,
            let record = try await storedRecord(db, environment: environment, key: write.record)
        {
            _ = try await appendOutlookChange(
                db, environment: environment, kind: RecordKind(write.record.entity), id: write.record.id, operation: .failed, fields: FieldSet(), cleared: [],
                mailbox: write.mailbox, itemID: write.itemID, version: record.version, at: now,
                failure: OutlookChange.Failure(
                    code: failure.code, message: failure.message, remedy: failure.remedy, failedItemID: failure.id))
        }
        return failure
    }

    static func clearFailedItem(_ db: PostgresSession, environment: String, mailbox: MailboxAddress, record: RecordKey)
        async throws
    {
        try await db.execute(
            """
            DELETE FROM failed_item WHERE environment = \(environment) AND mailbox = \(mailbox.rawValue)
                AND entity = \(record.entity.rawValue) AND record_id = \(record.id.rawValue)
            """)
    }

    /// Failed items per mailbox, for the mailbox status.
    static func failedItemCounts(_ db: PostgresSession, environment: String) async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try await db.rows(
            "SELECT mailbox, COUNT(*) AS n FROM failed_item WHERE environment = \(environment) GROUP BY mailbox")
        {
            counts[try row.value("mailbox")] = Int(try row.value("n", as: Int64.self))
        }
        return counts
    }

    private static func failedItem(_ db: PostgresSession, environment: String, id: Int64) async throws -> FailedItem? {
        try await db.row("SELECT * FROM failed_item WHERE environment = \(environment) AND id = \(id)").map(failedItem(from:))
    }

    static func failedItem(from row: PostgresRandomAccessRow) throws -> FailedItem {
        FailedItem(
            id: try row.value("id"), environment: try row.value("environment"),
            mailbox: MailboxAddress(try row.value("mailbox", as: String.self)),
            record: try recordKey(entity: try row.value("entity"), id: try row.value("record_id")),
            itemID: try row.value("item_id"), operation: try row.value("operation"), code: try row.value("code"),
            message: try row.value("message"), remedy: try row.value("remedy"),
            attempts: Int(try row.value("attempts", as: Int32.self)),
            state: FailedItem.State(rawValue: try row.value("state")) ?? .retrying,
            firstFailedAt: try row.value("first_failed_at"), lastFailedAt: try row.value("last_failed_at"))
    }
}
