import Foundation
import PostgresNIO
import SyncEngine

extension PostgresSyncStore: TrackedEmailStore {
    public func recordTrackedEmail(_ email: TrackedEmail, environment: String, at now: Date) async throws -> EmailWriteOutcome {
        try await transaction("record a tracked e-mail", environment: environment) { db in
            if let existing = try await Self.lockedEmail(db, environment: environment, id: email.internetMessageID.rawValue) {
                return try await Self.add(email.mailboxes, to: existing, db, at: now)
            }
            let (position, number) = try await Self.advanceEmailHead(db, environment: environment, newRecord: true)
            let stored = StoredEmail(
                environment: environment, internetMessageID: email.internetMessageID.rawValue, recordID: RecordID(rawValue: "email-\(number)"),
                fields: email.fields(seenIn: email.mailboxes), mailboxes: email.mailboxes.sorted(), conversationID: email.conversationID,
                version: 1, position: position, createdAt: now, updatedAt: now)
            let fields = FieldSetJSON.encode(stored.fields)
            let mailboxes = SQLiteSyncStore.mailboxText(stored.mailboxes)
            let recordID = stored.recordID.rawValue
            // Two workers reading two mailboxes may create the same message at once: the second
            // insert finds the first and becomes a sighting.
            let inserted = try await db.rows(
                """
                INSERT INTO tracked_email
                    (environment, internet_message_id, record_id, fields, mailboxes, conversation_id, version, position, created_at, updated_at)
                VALUES (\(environment), \(stored.internetMessageID), \(recordID), \(fields), \(mailboxes), \(stored.conversationID),
                    1, \(position), \(now), \(now))
                ON CONFLICT (environment, internet_message_id) DO NOTHING
                RETURNING 1
                """)
            if inserted.count == 1 {
                try await Self.appendEmailChange(db, stored, seenIn: stored.mailboxes, at: now)
                return .created(stored)
            }
            // The numbers taken above stay unused: the feed needs order, not contiguity.
            guard let existing = try await Self.lockedEmail(db, environment: environment, id: stored.internetMessageID) else { return .unknown }
            return try await Self.add(email.mailboxes, to: existing, db, at: now)
        }
    }

    public func addEmailSighting(
        _ internetMessageID: InternetMessageID, mailbox: MailboxAddress, environment: String, at now: Date
    ) async throws -> EmailWriteOutcome {
        try await transaction("add a mailbox to a tracked e-mail", environment: environment) { db in
            guard let existing = try await Self.lockedEmail(db, environment: environment, id: internetMessageID.rawValue) else { return .unknown }
            return try await Self.add([mailbox], to: existing, db, at: now)
        }
    }

    public func trackedEmail(_ internetMessageID: InternetMessageID, environment: String) async throws -> StoredEmail? {
        let id = internetMessageID.rawValue
        return try await session("read a tracked e-mail", environment: environment) { db in
            try await db.row("SELECT * FROM tracked_email WHERE environment = \(environment) AND internet_message_id = \(id)")
                .map(Self.storedEmail(from:))
        }
    }

    public func trackedEmail(record: RecordID, environment: String) async throws -> StoredEmail? {
        let id = record.rawValue
        return try await session("read a tracked e-mail", environment: environment) { db in
            try await db.row("SELECT * FROM tracked_email WHERE environment = \(environment) AND record_id = \(id)")
                .map(Self.storedEmail(from:))
        }
    }

    public func trackedEmails(environment: String, after position: Int64, limit: Int) async throws -> [StoredEmail] {
        let limit = max(limit, 0)
        return try await session("read the e-mail feed", environment: environment) { db in
            try await db.rows(
                "SELECT * FROM tracked_email WHERE environment = \(environment) AND position > \(position) ORDER BY position LIMIT \(limit)"
            ).map(Self.storedEmail(from:))
        }
    }

    public func trackedEmailLedger(environment: String) async throws -> TrackedEmailLedger {
        try await session("read the tracked e-mail ledger", environment: environment) { db in
            var entries: [InternetMessageID: TrackedEmailLedger.Entry] = [:]
            for row in try await db.rows(
                "SELECT internet_message_id, mailboxes, conversation_id FROM tracked_email WHERE environment = \(environment)")
            {
                guard let id = InternetMessageID(try row.value("internet_message_id", as: String.self)) else { continue }
                entries[id] = .init(
                    mailboxes: Set(SQLiteSyncStore.mailboxes(fromText: try row.value("mailboxes"))), conversationID: try row.value("conversation_id"))
            }
            return TrackedEmailLedger(entries: entries)
        }
    }

    // MARK: Rows

    private static func add(
        _ mailboxes: [MailboxAddress], to existing: StoredEmail, _ db: PostgresSession, at now: Date
    ) async throws -> EmailWriteOutcome {
        let new = mailboxes.filter { !existing.mailboxes.contains($0) }
        guard !new.isEmpty else { return .unchanged(existing) }
        let (position, _) = try await advanceEmailHead(db, environment: existing.environment, newRecord: false)
        var updated = existing
        for mailbox in new { updated = updated.seen(in: mailbox, position: position, at: now) }
        updated.version = existing.version + 1
        let fields = FieldSetJSON.encode(updated.fields)
        let text = SQLiteSyncStore.mailboxText(updated.mailboxes)
        try await db.execute(
            """
            UPDATE tracked_email SET fields = \(fields), mailboxes = \(text), version = \(updated.version), position = \(position),
                updated_at = \(now)
            WHERE environment = \(existing.environment) AND internet_message_id = \(existing.internetMessageID)
            """)
        try await appendEmailChange(db, updated, seenIn: new, at: now)
        return .updated(updated)
    }

    /// The record's change in the Outlook change feed (and the webhook outbox), in the same transaction.
    private static func appendEmailChange(
        _ db: PostgresSession, _ email: StoredEmail, seenIn mailboxes: [MailboxAddress], at now: Date
    ) async throws {
        _ = try await appendOutlookChange(
            db, environment: email.environment, kind: .email, id: email.recordID, operation: email.feedOperation,
            fields: email.feedFields, cleared: [], mailbox: mailboxes.min() ?? MailboxAddress(""), itemID: nil,
            version: email.feedVersion, at: now)
    }

    /// The next feed position (and record number): the head row is locked until the transaction ends.
    private static func advanceEmailHead(_ db: PostgresSession, environment: String, newRecord: Bool) async throws -> (Int64, Int64) {
        let recordStep: Int64 = newRecord ? 1 : 0
        let row = try await db.row(
            """
            INSERT INTO tracked_email_head (environment, next_position, next_record) VALUES (\(environment), 2, \(1 + recordStep))
            ON CONFLICT (environment) DO UPDATE SET next_position = tracked_email_head.next_position + 1,
                next_record = tracked_email_head.next_record + \(recordStep)
            RETURNING next_position - 1 AS position, next_record - \(recordStep) AS record
            """)
        guard let row else { throw PostgresTrackedEmailError.headNotAdvanced }
        return (try row.value("position"), try row.value("record"))
    }

    private static func lockedEmail(_ db: PostgresSession, environment: String, id: String) async throws -> StoredEmail? {
        try await db.row("SELECT * FROM tracked_email WHERE environment = \(environment) AND internet_message_id = \(id) FOR UPDATE")
            .map(storedEmail(from:))
    }

    private static func storedEmail(from row: PostgresRandomAccessRow) throws -> StoredEmail {
        StoredEmail(
            environment: try row.value("environment"), internetMessageID: try row.value("internet_message_id"),
            recordID: RecordID(rawValue: try row.value("record_id")), fields: try FieldSetJSON.decode(try row.value("fields")),
            mailboxes: SQLiteSyncStore.mailboxes(fromText: try row.value("mailboxes")), conversationID: try row.value("conversation_id"),
            version: try row.value("version", as: Int.self), position: try row.value("position"), createdAt: try row.value("created_at"),
            updatedAt: try row.value("updated_at"))
    }
}

/// The e-mail feed head could not be read back after its upsert (it always can; a guard, not a case).
struct PostgresTrackedEmailError: Error, CustomStringConvertible {
    static let headNotAdvanced = PostgresTrackedEmailError()
    var description: String { "the e-mail feed head returned no row" }
}
