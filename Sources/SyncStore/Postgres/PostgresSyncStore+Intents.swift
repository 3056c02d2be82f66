import Foundation
import PostgresNIO
import SyncEngine

extension PostgresSyncStore: IntentStore {
    @discardableResult
    public func recordIntent(
        id: String, environment: String, mailbox: MailboxAddress, record: RecordKey, tag: String, fields: FieldSet
    ) async throws -> StoredIntent {
        let now = now()
        return try await transaction("record an intent", environment: environment) { db in
            try await Self.requireMailbox(db, environment, mailbox)
            // The partial unique index keeps one pending intent per record and mailbox; when
            // another worker's is there (or arrives first), it is the one returned.
            let inserted = try await db.rows(
                """
                INSERT INTO intent (environment, id, mailbox, entity, record_id, tag, fields, state, created_at)
                VALUES (\(environment), \(id), \(mailbox.rawValue), \(record.entity.rawValue), \(record.id.rawValue), \(tag),
                    \(FieldSetJSON.encode(fields)), 'pending', \(now))
                ON CONFLICT (environment, mailbox, entity, record_id) WHERE state = 'pending' DO NOTHING
                RETURNING 1
                """)
            if inserted.isEmpty {
                guard
                    let pending = try await db.row(
                        """
                        SELECT * FROM intent WHERE environment = \(environment) AND mailbox = \(mailbox.rawValue)
                            AND entity = \(record.entity.rawValue) AND record_id = \(record.id.rawValue) AND state = 'pending'
                        """)
                else {
                    throw SyncStoreError.constraintViolation(environment: environment, detail: "the intent of \(record) was refused")
                }
                return try Self.intent(from: pending)
            }
            return StoredIntent(
                id: id, environment: environment, mailbox: mailbox, record: record, tag: tag, fields: fields, createdAt: now,
                state: .pending)
        }
    }

    public func pendingIntents(environment: String, mailbox: MailboxAddress) async throws -> [StoredIntent] {
        try await session("list pending intents", environment: environment) { db in
            try await db.rows(
                """
                SELECT * FROM intent WHERE environment = \(environment) AND mailbox = \(mailbox.rawValue) AND state = 'pending'
                ORDER BY created_at, id COLLATE "C"
                """
            ).map(Self.intent(from:))
        }
    }

    public func intent(environment: String, id: String) async throws -> StoredIntent? {
        try await session("read an intent", environment: environment) { db in
            try await db.row("SELECT * FROM intent WHERE environment = \(environment) AND id = \(id)").map(Self.intent(from:))
        }
    }

    static func resolveIntent(
        _ db: PostgresSession, environment: String, id: String, state: StoredIntent.State, at now: Date
    ) async throws {
        let resolvedAt: Date? = state == .pending ? nil : now
        let updated = try await db.rows(
            """
            UPDATE intent SET state = \(state.rawValue), resolved_at = \(resolvedAt)
            WHERE environment = \(environment) AND id = \(id) RETURNING 1
            """)
        if updated.isEmpty { throw SyncStoreError.intentNotFound(environment: environment, intentID: id) }
    }

    static func intent(from row: PostgresRandomAccessRow) throws -> StoredIntent {
        let fields: String? = try row.value("fields")
        return StoredIntent(
            id: try row.value("id"),
            environment: try row.value("environment"),
            mailbox: MailboxAddress(try row.value("mailbox", as: String.self)),
            record: try recordKey(entity: try row.value("entity"), id: try row.value("record_id")),
            tag: try row.value("tag"),
            fields: try fields.map(FieldSetJSON.decode) ?? [:],
            createdAt: try row.value("created_at"),
            state: StoredIntent.State(rawValue: try row.value("state")) ?? .pending)
    }
}
