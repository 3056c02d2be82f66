import Foundation
import GRDB
import SyncEngine

extension SQLiteSyncStore: TrackedEmailStore {
    public func recordTrackedEmail(_ email: TrackedEmail, environment: String, at now: Date) async throws -> EmailWriteOutcome {
        try await writing("record a tracked e-mail", environment: environment) { db in
            if let existing = try Self.storedEmail(db, environment: environment, id: email.internetMessageID.rawValue) {
                return try Self.add(email.mailboxes, to: existing, db, at: now)
            }
            let (position, number) = try Self.advanceEmailHead(db, environment: environment, newRecord: true)
            let stored = StoredEmail(
                environment: environment, internetMessageID: email.internetMessageID.rawValue, recordID: RecordID(rawValue: "email-\(number)"),
                fields: email.fields(seenIn: email.mailboxes), mailboxes: email.mailboxes.sorted(), conversationID: email.conversationID,
                version: 1, position: position, createdAt: now, updatedAt: now)
            try db.execute(
                sql: """
                    INSERT INTO tracked_email
                        (environment, internet_message_id, record_id, fields, mailboxes, conversation_id, version, position, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    environment, stored.internetMessageID, stored.recordID.rawValue, FieldSetJSON.encode(stored.fields),
                    Self.mailboxText(stored.mailboxes), stored.conversationID, stored.version, stored.position, now, now,
                ])
            try Self.appendEmailChange(db, stored, seenIn: stored.mailboxes, at: now)
            return .created(stored)
        }
    }

    public func addEmailSighting(
        _ internetMessageID: InternetMessageID, mailbox: MailboxAddress, environment: String, at now: Date
    ) async throws -> EmailWriteOutcome {
        try await writing("add a mailbox to a tracked e-mail", environment: environment) { db in
            guard let existing = try Self.storedEmail(db, environment: environment, id: internetMessageID.rawValue) else { return .unknown }
            return try Self.add([mailbox], to: existing, db, at: now)
        }
    }

    public func trackedEmail(_ internetMessageID: InternetMessageID, environment: String) async throws -> StoredEmail? {
        try await reading("read a tracked e-mail", environment: environment) { db in
            try Self.storedEmail(db, environment: environment, id: internetMessageID.rawValue)
        }
    }

    public func trackedEmail(record: RecordID, environment: String) async throws -> StoredEmail? {
        try await reading("read a tracked e-mail", environment: environment) { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM tracked_email WHERE environment = ? AND record_id = ?", arguments: [environment, record.rawValue]
            ).map(Self.storedEmail(from:))
        }
    }

    public func trackedEmails(environment: String, after position: Int64, limit: Int) async throws -> [StoredEmail] {
        try await reading("read the e-mail feed", environment: environment) { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM tracked_email WHERE environment = ? AND position > ? ORDER BY position LIMIT ?",
                arguments: [environment, position, max(limit, 0)]
            ).map(Self.storedEmail(from:))
        }
    }

    public func trackedEmailLedger(environment: String) async throws -> TrackedEmailLedger {
        try await reading("read the tracked e-mail ledger", environment: environment) { db in
            var entries: [InternetMessageID: TrackedEmailLedger.Entry] = [:]
            let rows = try Row.fetchCursor(
                db, sql: "SELECT internet_message_id, mailboxes, conversation_id FROM tracked_email WHERE environment = ?",
                arguments: [environment])
            while let row = try rows.next() {
                guard let id = InternetMessageID(row["internet_message_id"]) else { continue }
                entries[id] = .init(mailboxes: Set(Self.mailboxes(fromText: row["mailboxes"])), conversationID: row["conversation_id"])
            }
            return TrackedEmailLedger(entries: entries)
        }
    }

    // MARK: Rows

    private static func add(_ mailboxes: [MailboxAddress], to existing: StoredEmail, _ db: Database, at now: Date) throws -> EmailWriteOutcome {
        let new = mailboxes.filter { !existing.mailboxes.contains($0) }
        guard !new.isEmpty else { return .unchanged(existing) }
        let (position, _) = try advanceEmailHead(db, environment: existing.environment, newRecord: false)
        var updated = existing
        for mailbox in new { updated = updated.seen(in: mailbox, position: position, at: now) }
        updated.version = existing.version + 1
        try db.execute(
            sql: """
                UPDATE tracked_email SET fields = ?, mailboxes = ?, version = ?, position = ?, updated_at = ?
                WHERE environment = ? AND internet_message_id = ?
                """,
            arguments: [
                FieldSetJSON.encode(updated.fields), mailboxText(updated.mailboxes), updated.version, position, now, existing.environment,
                existing.internetMessageID,
            ])
        try appendEmailChange(db, updated, seenIn: new, at: now)
        return .updated(updated)
    }

    /// The record's change in the Outlook change feed (and the webhook outbox), in the same transaction.
    private static func appendEmailChange(_ db: Database, _ email: StoredEmail, seenIn mailboxes: [MailboxAddress], at now: Date) throws {
        _ = try appendOutlookChange(
            db, environment: email.environment, kind: .email, id: email.recordID, operation: email.feedOperation,
            fields: email.feedFields, cleared: [], mailbox: mailboxes.min() ?? MailboxAddress(""), itemID: nil,
            version: email.feedVersion, at: now)
    }

    /// The next feed position of the environment (and, for a new record, the next record number).
    private static func advanceEmailHead(_ db: Database, environment: String, newRecord: Bool) throws -> (position: Int64, record: Int64) {
        let row = try Row.fetchOne(db, sql: "SELECT next_position, next_record FROM tracked_email_head WHERE environment = ?", arguments: [environment])
        let position: Int64 = row?["next_position"] ?? 1
        let record: Int64 = row?["next_record"] ?? 1
        try db.execute(
            sql: """
                INSERT INTO tracked_email_head (environment, next_position, next_record) VALUES (?, ?, ?)
                ON CONFLICT (environment) DO UPDATE SET next_position = excluded.next_position, next_record = excluded.next_record
                """,
            arguments: [environment, position + 1, newRecord ? record + 1 : record])
        return (position, record)
    }

    private static func storedEmail(_ db: Database, environment: String, id: String) throws -> StoredEmail? {
        try Row.fetchOne(
            db, sql: "SELECT * FROM tracked_email WHERE environment = ? AND internet_message_id = ?", arguments: [environment, id]
        ).map(storedEmail(from:))
    }

    private static func storedEmail(from row: Row) throws -> StoredEmail {
        StoredEmail(
            environment: row["environment"], internetMessageID: row["internet_message_id"], recordID: RecordID(rawValue: row["record_id"]),
            fields: try FieldSetJSON.decode(row["fields"]), mailboxes: mailboxes(fromText: row["mailboxes"]),
            conversationID: row["conversation_id"], version: row["version"], position: row["position"], createdAt: row["created_at"],
            updatedAt: row["updated_at"])
    }

    /// Mailbox addresses, one a line (primary SMTP addresses hold no line break).
    static func mailboxText(_ mailboxes: [MailboxAddress]) -> String { mailboxes.map(\.rawValue).joined(separator: "\n") }

    static func mailboxes(fromText text: String) -> [MailboxAddress] {
        text.split(separator: "\n").map { MailboxAddress(String($0)) }
    }
}
