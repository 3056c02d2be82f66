import Foundation
import PostgresNIO
import SyncEngine

extension PostgresSyncStore: LinkStore {
    public func link(environment: String, mailbox: MailboxAddress, record: RecordKey) async throws -> StoredLink? {
        try await session("read a link", environment: environment) { db in
            try await Self.link(db, environment: environment, mailbox: mailbox, record: record)
        }
    }

    public func link(environment: String, mailbox: MailboxAddress, itemID: String) async throws -> StoredLink? {
        try await session("read a link", environment: environment) { db in
            try await Self.link(db, environment: environment, mailbox: mailbox, itemID: itemID)
        }
    }

    public func link(environment: String, mailbox: MailboxAddress, tag: String) async throws -> StoredLink? {
        try await session("read a link", environment: environment) { db in
            try await db.row(
                """
                SELECT * FROM link WHERE environment = \(environment) AND mailbox = \(mailbox.rawValue) AND tag = \(tag)
                ORDER BY id LIMIT 1
                """
            ).map(Self.link(from:))
        }
    }

    public func links(environment: String, mailbox: MailboxAddress, entity: EntityKind?) async throws -> [StoredLink] {
        try await session("list links", environment: environment) { db in
            try await db.rows(
                """
                SELECT * FROM link WHERE environment = \(environment) AND mailbox = \(mailbox.rawValue)
                    AND (\(entity?.rawValue)::text IS NULL OR entity = \(entity?.rawValue))
                ORDER BY entity COLLATE "C", record_id COLLATE "C"
                """
            ).map(Self.link(from:))
        }
    }

    public func links(environment: String, record: RecordKey) async throws -> [StoredLink] {
        try await session("list links", environment: environment) { db in
            try await db.rows(
                """
                SELECT * FROM link WHERE environment = \(environment) AND entity = \(record.entity.rawValue)
                    AND record_id = \(record.id.rawValue)
                ORDER BY mailbox COLLATE "C"
                """
            ).map(Self.link(from:))
        }
    }

    // MARK: - Writes, within a unit of work

    /// Inserts the links with one `INSERT … SELECT FROM unnest(…)` per few thousand (a first sync
    /// links thousands of items: row by row would cost a round trip each). `ON CONFLICT DO NOTHING`
    /// skips a link that the unique constraints refuse; when any was skipped, the first one, in
    /// order, is looked up to throw the precise error, and the transaction rolls back.
    /// The caller has checked that every link is of `environment`.
    static func createLinks(_ db: PostgresSession, environment: String, _ links: [StoredLink], stamp: Date) async throws {
        for mailbox in Set(links.map(\.mailbox)).sorted(by: { $0.rawValue < $1.rawValue }) {
            try await requireMailbox(db, environment, mailbox)
        }
        var start = links.startIndex
        while start < links.endIndex {
            let chunk = links[start..<min(start + bulkChunkSize, links.endIndex)]
            start = chunk.endIndex
            let inserted = try await db.rows(
                """
                INSERT INTO link (environment, mailbox, entity, record_id, item_id, change_key, base, tag,
                    last_written_change_key, folder_id, detached, awaiting_read_back, created_at, updated_at)
                SELECT \(environment), u.mailbox, u.entity, u.record_id, u.item_id, u.change_key, u.base, u.tag,
                    CASE WHEN u.has_written THEN u.written END, CASE WHEN u.has_folder THEN u.folder END,
                    u.detached, u.awaiting, \(stamp), \(stamp)
                FROM unnest(\(chunk.map(\.mailbox.rawValue)), \(chunk.map(\.record.entity.rawValue)),
                    \(chunk.map(\.record.id.rawValue)), \(chunk.map(\.itemID)), \(chunk.map(\.changeKey)),
                    \(chunk.map { FieldSetJSON.encode($0.base) }), \(chunk.map(\.tag)),
                    \(chunk.map { $0.lastWrittenChangeKey ?? "" }), \(chunk.map { $0.lastWrittenChangeKey != nil }),
                    \(chunk.map { $0.folderID ?? "" }), \(chunk.map { $0.folderID != nil }),
                    \(chunk.map(\.isDetached)), \(chunk.map(\.awaitsReadBack)))
                    WITH ORDINALITY AS u(mailbox, entity, record_id, item_id, change_key, base, tag, written, has_written,
                        folder, has_folder, detached, awaiting, ordinal)
                ORDER BY u.ordinal
                ON CONFLICT DO NOTHING
                RETURNING mailbox, entity, record_id
                """)
            guard inserted.count < chunk.count else { continue }
            var done = Set<String>()
            for row in inserted {
                done.insert("\(try row.value("mailbox", as: String.self))\n\(try row.value("entity", as: String.self))\n\(try row.value("record_id", as: String.self))")
            }
            for link in chunk where !done.contains("\(link.mailbox.rawValue)\n\(link.record.entity.rawValue)\n\(link.record.id.rawValue)") {
                if let existing = try await self.link(db, environment: environment, mailbox: link.mailbox, record: link.record) {
                    throw SyncStoreError.recordAlreadyLinked(
                        environment: environment, mailbox: link.mailbox, record: link.record, existingItemID: existing.itemID)
                }
                try await requireItemFree(db, link)
                throw SyncStoreError.constraintViolation(
                    environment: environment, detail: "the link of \(link.record) in \(link.mailbox) was refused")
            }
        }
    }

    /// Rows per bulk statement: postgres-nio binds each array as one parameter, so this bounds
    /// the size of a message, not the number of parameters.
    static let bulkChunkSize = 5_000

    static func updateLink(_ db: PostgresSession, _ link: StoredLink, stamp: Date) async throws {
        try await requireItemFree(db, link)
        let uncommittedValues = link.uncommittedWrite.map { FieldSetJSON.encode(FieldSet($0.patch.values)) }
        let uncommittedClears = try link.uncommittedWrite.map { try StoreJSON.encode(sorted: $0.patch.cleared) }
        let updated = try await db.rows(
            """
            UPDATE link SET item_id = \(link.itemID), change_key = \(link.changeKey), base = \(FieldSetJSON.encode(link.base)),
                tag = \(link.tag), last_written_change_key = \(link.lastWrittenChangeKey), folder_id = \(link.folderID),
                detached = \(link.isDetached), uncommitted_write = \(uncommittedValues),
                uncommitted_clears = \(uncommittedClears), awaiting_read_back = \(link.awaitsReadBack), updated_at = \(stamp)
            WHERE environment = \(link.environment) AND mailbox = \(link.mailbox.rawValue)
                AND entity = \(link.record.entity.rawValue) AND record_id = \(link.record.id.rawValue)
            RETURNING 1
            """)
        if updated.isEmpty {
            throw SyncStoreError.linkNotFound(environment: link.environment, mailbox: link.mailbox, record: link.record)
        }
    }

    static func recordUncommittedWrite(
        _ db: PostgresSession, environment: String, mailbox: MailboxAddress, record: RecordKey, itemID: String,
        write: UncommittedWrite
    ) async throws {
        let updated = try await db.rows(
            """
            UPDATE link SET last_written_change_key = \(write.changeKey.rawValue),
                uncommitted_write = \(FieldSetJSON.encode(FieldSet(write.patch.values))),
                uncommitted_clears = \(try StoreJSON.encode(sorted: write.patch.cleared))
            WHERE environment = \(environment) AND mailbox = \(mailbox.rawValue) AND entity = \(record.entity.rawValue)
                AND record_id = \(record.id.rawValue) AND item_id = \(itemID)
            RETURNING 1
            """)
        if updated.isEmpty { throw SyncStoreError.linkNotFound(environment: environment, mailbox: mailbox, record: record) }
    }

    static func removeLink(_ db: PostgresSession, environment: String, mailbox: MailboxAddress, record: RecordKey) async throws {
        let deleted = try await db.rows(
            """
            DELETE FROM link WHERE environment = \(environment) AND mailbox = \(mailbox.rawValue)
                AND entity = \(record.entity.rawValue) AND record_id = \(record.id.rawValue)
            RETURNING 1
            """)
        if deleted.isEmpty { throw SyncStoreError.linkNotFound(environment: environment, mailbox: mailbox, record: record) }
    }

    /// Clears the read-back mark of the links of these items, in one statement (the ids are one
    /// array parameter). Items no longer linked are ignored.
    static func confirmReadBack(
        _ db: PostgresSession, environment: String, mailbox: MailboxAddress, entity: EntityKind, itemIDs: [String]
    ) async throws {
        try await db.execute(
            """
            UPDATE link SET awaiting_read_back = false
            WHERE environment = \(environment) AND mailbox = \(mailbox.rawValue) AND entity = \(entity.rawValue)
                AND awaiting_read_back AND item_id = ANY(\(itemIDs))
            """)
    }

    /// Throws when the link's item is linked to another record of the mailbox.
    private static func requireItemFree(_ db: PostgresSession, _ link: StoredLink) async throws {
        if let other = try await self.link(db, environment: link.environment, mailbox: link.mailbox, itemID: link.itemID),
            other.record != link.record
        {
            throw SyncStoreError.itemAlreadyLinked(
                environment: link.environment, mailbox: link.mailbox, itemID: link.itemID, existingRecord: other.record)
        }
    }

    // MARK: - Rows

    static func link(_ db: PostgresSession, environment: String, mailbox: MailboxAddress, record: RecordKey) async throws
        -> StoredLink?
    {
        try await db.row(
            """
            SELECT * FROM link WHERE environment = \(environment) AND mailbox = \(mailbox.rawValue)
                AND entity = \(record.entity.rawValue) AND record_id = \(record.id.rawValue)
            """
        ).map(link(from:))
    }

    static func link(_ db: PostgresSession, environment: String, mailbox: MailboxAddress, itemID: String) async throws
        -> StoredLink?
    {
        try await db.row(
            "SELECT * FROM link WHERE environment = \(environment) AND mailbox = \(mailbox.rawValue) AND item_id = \(itemID)"
        ).map(link(from:))
    }

    static func link(from row: PostgresRandomAccessRow) throws -> StoredLink {
        var uncommittedWrite: UncommittedWrite?
        if let written: String = try row.value("uncommitted_write"),
            let changeKey: String = try row.value("last_written_change_key")
        {
            let clears: String? = try row.value("uncommitted_clears")
            uncommittedWrite = UncommittedWrite(
                changeKey: ChangeKey(changeKey),
                patch: FieldPatch(
                    values: try FieldSetJSON.decode(written).values,
                    cleared: Set(try clears.map { try StoreJSON.decode([String].self, from: $0) } ?? [])))
        }
        return StoredLink(
            environment: try row.value("environment"),
            mailbox: MailboxAddress(try row.value("mailbox", as: String.self)),
            record: try recordKey(entity: try row.value("entity"), id: try row.value("record_id")),
            itemID: try row.value("item_id"),
            changeKey: try row.value("change_key"),
            base: try FieldSetJSON.decode(try row.value("base")),
            tag: try row.value("tag"),
            lastWrittenChangeKey: try row.value("last_written_change_key"),
            folderID: try row.value("folder_id"),
            isDetached: try row.value("detached"),
            uncommittedWrite: uncommittedWrite,
            awaitsReadBack: try row.value("awaiting_read_back"))
    }

    static func recordKey(entity: String, id: String) throws -> RecordKey {
        try SQLiteSyncStore.recordKey(entity: entity, id: id)
    }
}
