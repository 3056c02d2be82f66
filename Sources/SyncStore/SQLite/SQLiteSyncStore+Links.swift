import Foundation
import GRDB
import SyncEngine

extension SQLiteSyncStore: LinkStore {
    public func link(environment: String, mailbox: MailboxAddress, record: RecordKey) async throws -> StoredLink? {
        try await reading("read a link", environment: environment) { db in
            try Self.link(db, environment: environment, mailbox: mailbox, record: record)
        }
    }

    public func link(environment: String, mailbox: MailboxAddress, itemID: String) async throws -> StoredLink? {
        try await reading("read a link", environment: environment) { db in
            try Self.link(db, environment: environment, mailbox: mailbox, itemID: itemID)
        }
    }

    public func link(environment: String, mailbox: MailboxAddress, tag: String) async throws -> StoredLink? {
        try await reading("read a link", environment: environment) { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM link WHERE environment = ? AND mailbox = ? AND tag = ? ORDER BY id LIMIT 1",
                arguments: [environment, mailbox.rawValue, tag]
            ).map(Self.link(from:))
        }
    }

    public func links(environment: String, mailbox: MailboxAddress, entity: EntityKind?) async throws -> [StoredLink] {
        try await reading("list links", environment: environment) { db in
            let cursor = try Row.fetchCursor(
                db,
                sql: """
                    SELECT * FROM link WHERE environment = ? AND mailbox = ? AND (? IS NULL OR entity = ?)
                    ORDER BY entity, record_id
                    """,
                arguments: [environment, mailbox.rawValue, entity?.rawValue, entity?.rawValue])
            var links: [StoredLink] = []
            while let row = try cursor.next() { links.append(try Self.link(from: row)) }
            return links
        }
    }

    public func links(environment: String, record: RecordKey) async throws -> [StoredLink] {
        try await reading("list links", environment: environment) { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM link WHERE environment = ? AND entity = ? AND record_id = ? ORDER BY mailbox",
                arguments: [environment, record.entity.rawValue, record.id.rawValue]
            ).map(Self.link(from:))
        }
    }

    // MARK: - Writes, within a unit of work

    /// Inserts the link; the unique constraints refuse a duplicate, and only then do we look
    /// up which one it was, to throw a precise error (the happy path of a first sync of a
    /// big mailbox costs one INSERT per link).
    /// - Parameter stamp: the commit time, converted once per commit (GRDB formats each `Date` it binds).
    static func createLink(_ db: Database, _ link: StoredLink, stamp: DatabaseValue) throws {
        do {
            try db.cachedStatement(
                sql: """
                    INSERT INTO link (environment, mailbox, entity, record_id, item_id, change_key, base, tag,
                        last_written_change_key, folder_id, detached, awaiting_read_back, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(arguments: [
                link.environment, link.mailbox.rawValue, link.record.entity.rawValue, link.record.id.rawValue,
                link.itemID, link.changeKey, FieldSetJSON.encode(link.base), link.tag, link.lastWrittenChangeKey,
                link.folderID, link.isDetached, link.awaitsReadBack, stamp, stamp,
            ])
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            try requireMailbox(db, link.environment, link.mailbox)
            if let existing = try self.link(db, environment: link.environment, mailbox: link.mailbox, record: link.record) {
                throw SyncStoreError.recordAlreadyLinked(
                    environment: link.environment, mailbox: link.mailbox, record: link.record,
                    existingItemID: existing.itemID)
            }
            try requireItemFree(db, link)
            throw error
        }
    }

    static func updateLink(_ db: Database, _ link: StoredLink, stamp: DatabaseValue) throws {
        try requireItemFree(db, link)
        try db.cachedStatement(
            sql: """
                UPDATE link SET item_id = ?, change_key = ?, base = ?, tag = ?, last_written_change_key = ?,
                    folder_id = ?, detached = ?, uncommitted_write = ?, uncommitted_clears = ?, awaiting_read_back = ?,
                    updated_at = ?
                WHERE environment = ? AND mailbox = ? AND entity = ? AND record_id = ?
                """
        ).execute(arguments: [
            link.itemID, link.changeKey, FieldSetJSON.encode(link.base), link.tag, link.lastWrittenChangeKey,
            link.folderID, link.isDetached, link.uncommittedWrite.map { FieldSetJSON.encode(FieldSet($0.patch.values)) },
            link.uncommittedWrite.map { encodeClears($0.patch.cleared) }, link.awaitsReadBack, stamp,
            link.environment, link.mailbox.rawValue, link.record.entity.rawValue, link.record.id.rawValue,
        ])
        if db.changesCount == 0 {
            throw SyncStoreError.linkNotFound(environment: link.environment, mailbox: link.mailbox, record: link.record)
        }
    }

    static func recordUncommittedWrite(
        _ db: Database, environment: String, mailbox: MailboxAddress, record: RecordKey, itemID: String,
        write: UncommittedWrite
    ) throws {
        try db.execute(
            sql: """
                UPDATE link SET last_written_change_key = ?, uncommitted_write = ?, uncommitted_clears = ?
                WHERE environment = ? AND mailbox = ? AND entity = ? AND record_id = ? AND item_id = ?
                """,
            arguments: [
                write.changeKey.rawValue, FieldSetJSON.encode(FieldSet(write.patch.values)), encodeClears(write.patch.cleared),
                environment, mailbox.rawValue, record.entity.rawValue, record.id.rawValue, itemID,
            ])
        if db.changesCount == 0 {
            throw SyncStoreError.linkNotFound(environment: environment, mailbox: mailbox, record: record)
        }
    }

    /// The fields an uncommitted write cleared, as a JSON array of names.
    private static func encodeClears(_ fields: Set<String>) -> String {
        String(decoding: (try? JSONEncoder().encode(fields.sorted())) ?? Data("[]".utf8), as: UTF8.self)
    }

    private static func decodeClears(_ text: String?) throws -> Set<String> {
        guard let text else { return [] }
        return Set(try JSONDecoder().decode([String].self, from: Data(text.utf8)))
    }

    static func removeLink(_ db: Database, environment: String, mailbox: MailboxAddress, record: RecordKey) throws {
        try db.execute(
            sql: "DELETE FROM link WHERE environment = ? AND mailbox = ? AND entity = ? AND record_id = ?",
            arguments: [environment, mailbox.rawValue, record.entity.rawValue, record.id.rawValue])
        if db.changesCount == 0 {
            throw SyncStoreError.linkNotFound(environment: environment, mailbox: mailbox, record: record)
        }
    }

    /// Clears the read-back mark of the links of these items (in chunks: SQLite bounds the number
    /// of parameters of a statement). Items no longer linked are ignored.
    static func confirmReadBack(
        _ db: Database, environment: String, mailbox: MailboxAddress, entity: EntityKind, itemIDs: [String]
    ) throws {
        var start = itemIDs.startIndex
        while start < itemIDs.endIndex {
            let chunk = itemIDs[start..<min(start + 500, itemIDs.endIndex)]
            start = chunk.endIndex
            let placeholders = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
            var arguments: StatementArguments = [environment, mailbox.rawValue, entity.rawValue]
            arguments += StatementArguments(Array(chunk))
            try db.execute(
                sql: """
                    UPDATE link SET awaiting_read_back = 0
                    WHERE environment = ? AND mailbox = ? AND entity = ? AND awaiting_read_back = 1 AND item_id IN (\(placeholders))
                    """,
                arguments: arguments)
        }
    }

    /// Throws when the link's item is linked to another record of the mailbox.
    private static func requireItemFree(_ db: Database, _ link: StoredLink) throws {
        if let other = try self.link(db, environment: link.environment, mailbox: link.mailbox, itemID: link.itemID),
            other.record != link.record
        {
            throw SyncStoreError.itemAlreadyLinked(
                environment: link.environment, mailbox: link.mailbox, itemID: link.itemID, existingRecord: other.record)
        }
    }

    // MARK: - Rows

    static func link(_ db: Database, environment: String, mailbox: MailboxAddress, record: RecordKey) throws -> StoredLink? {
        try Row.fetchOne(
            db.cachedStatement(
                sql: "SELECT * FROM link WHERE environment = ? AND mailbox = ? AND entity = ? AND record_id = ?"),
            arguments: [environment, mailbox.rawValue, record.entity.rawValue, record.id.rawValue]
        ).map(link(from:))
    }

    static func link(_ db: Database, environment: String, mailbox: MailboxAddress, itemID: String) throws -> StoredLink? {
        try Row.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM link WHERE environment = ? AND mailbox = ? AND item_id = ?"),
            arguments: [environment, mailbox.rawValue, itemID]
        ).map(link(from:))
    }

    static func link(from row: Row) throws -> StoredLink {
        var uncommittedWrite: UncommittedWrite?
        if let written = row["uncommitted_write"] as String?, let changeKey = row["last_written_change_key"] as String? {
            uncommittedWrite = UncommittedWrite(
                changeKey: ChangeKey(changeKey),
                patch: FieldPatch(
                    values: try FieldSetJSON.decode(written).values, cleared: try decodeClears(row["uncommitted_clears"])))
        }
        return StoredLink(
            environment: row["environment"],
            mailbox: MailboxAddress(row["mailbox"] as String),
            record: try recordKey(entity: row["entity"], id: row["record_id"]),
            itemID: row["item_id"],
            changeKey: row["change_key"],
            base: try FieldSetJSON.decode(row["base"]),
            tag: row["tag"],
            lastWrittenChangeKey: row["last_written_change_key"],
            folderID: row["folder_id"],
            isDetached: row["detached"],
            uncommittedWrite: uncommittedWrite, awaitsReadBack: row["awaiting_read_back"])
    }

    static func recordKey(entity: String, id: String) throws -> RecordKey {
        guard let kind = EntityKind(rawValue: entity) else {
            throw SyncStoreError.storageFailure(
                operation: "read a row", code: nil, detail: "unknown entity kind '\(entity)' (a newer schema?)")
        }
        return RecordKey(kind, RecordID(id))
    }

    /// An Outlook feed entry's kind: a two-way kind or `email`.
    static func recordKind(_ entity: String) throws -> RecordKind {
        guard let kind = RecordKind(rawValue: entity) else {
            throw SyncStoreError.storageFailure(
                operation: "read a row", code: nil, detail: "unknown record kind '\(entity)' (a newer schema?)")
        }
        return kind
    }
}
