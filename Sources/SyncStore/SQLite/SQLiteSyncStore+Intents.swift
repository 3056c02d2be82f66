import Foundation
import GRDB
import SyncEngine

extension SQLiteSyncStore: IntentStore {
    @discardableResult
    public func recordIntent(
        id: String, environment: String, mailbox: MailboxAddress, record: RecordKey, tag: String, fields: FieldSet
    ) async throws -> StoredIntent {
        let now = clock()
        return try await writing("record an intent", environment: environment) { db in
            try Self.requireMailbox(db, environment, mailbox)
            if let pending = try Row.fetchOne(
                db,
                sql: """
                    SELECT * FROM intent WHERE environment = ? AND mailbox = ? AND entity = ? AND record_id = ?
                    AND state = 'pending'
                    """,
                arguments: [environment, mailbox.rawValue, record.entity.rawValue, record.id.rawValue])
            {
                return try Self.intent(from: pending)
            }
            try db.execute(
                sql: """
                    INSERT INTO intent (environment, id, mailbox, entity, record_id, tag, fields, state, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?)
                    """,
                arguments: [environment, id, mailbox.rawValue, record.entity.rawValue, record.id.rawValue, tag, FieldSetJSON.encode(fields), now])
            return StoredIntent(
                id: id, environment: environment, mailbox: mailbox, record: record, tag: tag, fields: fields, createdAt: now,
                state: .pending)
        }
    }

    public func pendingIntents(environment: String, mailbox: MailboxAddress) async throws -> [StoredIntent] {
        try await reading("list pending intents", environment: environment) { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM intent WHERE environment = ? AND mailbox = ? AND state = 'pending'
                    ORDER BY created_at, id
                    """,
                arguments: [environment, mailbox.rawValue]
            ).map(Self.intent(from:))
        }
    }

    public func intent(environment: String, id: String) async throws -> StoredIntent? {
        try await reading("read an intent", environment: environment) { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM intent WHERE environment = ? AND id = ?", arguments: [environment, id]
            ).map(Self.intent(from:))
        }
    }

    static func resolveIntent(_ db: Database, environment: String, id: String, state: StoredIntent.State, at now: Date)
        throws
    {
        try db.execute(
            sql: "UPDATE intent SET state = ?, resolved_at = ? WHERE environment = ? AND id = ?",
            arguments: [state.rawValue, state == .pending ? nil : now, environment, id])
        if db.changesCount == 0 { throw SyncStoreError.intentNotFound(environment: environment, intentID: id) }
    }

    static func intent(from row: Row) throws -> StoredIntent {
        StoredIntent(
            id: row["id"],
            environment: row["environment"],
            mailbox: MailboxAddress(row["mailbox"] as String),
            record: try recordKey(entity: row["entity"], id: row["record_id"]),
            tag: row["tag"],
            fields: try (row["fields"] as String?).map(FieldSetJSON.decode) ?? [:],
            createdAt: row["created_at"],
            state: StoredIntent.State(rawValue: row["state"]) ?? .pending)
    }
}
