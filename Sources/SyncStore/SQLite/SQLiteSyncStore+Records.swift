import Foundation
import GRDB
import SyncEngine

extension SQLiteSyncStore: RecordStore {
    @discardableResult
    public func upsertRecord(
        environment: String, record key: RecordKey, fields: FieldSet, owners: Set<MailboxAddress>,
        ifMatch: RecordVersion?
    ) async throws -> RecordWriteResult {
        let now = clock()
        return try await writing("upsert \(key)", environment: environment) { db in
            try Self.requireEnvironment(db, environment)
            let current = try Self.storedRecord(db, environment: environment, key: key)
            if let ifMatch, ifMatch != current?.version {
                throw SyncStoreError.preconditionFailed(
                    environment: environment, record: key, expected: ifMatch, actual: current?.version)
            }
            if let current, !current.isDeleted, current.fields == fields, current.owners == owners {
                return RecordWriteResult(version: current.version, outcome: .unchanged, feedPosition: nil)
            }
            let live = current.flatMap { $0.isDeleted ? nil : $0 }
            let version = RecordVersion((current?.version.rawValue ?? 0) + 1)
            try Self.saveRecord(
                db, environment: environment, key: key, fields: fields, owners: owners, version: version,
                isDeleted: false, previousOwners: current?.owners ?? [], at: now)
            let position = try Self.appendCRMChange(
                db, environment: environment, key: key, operation: .upsert, version: version,
                changedFields: fields.changedFields(comparedTo: live?.fields ?? FieldSet()),
                ownersAdded: owners.subtracting(live?.owners ?? []),
                ownersRemoved: (live?.owners ?? []).subtracting(owners), origin: .erp, at: now)
            return RecordWriteResult(version: version, outcome: live == nil ? .created : .updated, feedPosition: position)
        }
    }

    @discardableResult
    public func deleteRecord(environment: String, record key: RecordKey, ifMatch: RecordVersion?) async throws
        -> RecordWriteResult
    {
        let now = clock()
        return try await writing("delete \(key)", environment: environment) { db in
            try Self.requireEnvironment(db, environment)
            guard let current = try Self.storedRecord(db, environment: environment, key: key) else {
                throw SyncStoreError.recordNotFound(environment: environment, record: key)
            }
            if current.isDeleted {
                return RecordWriteResult(version: current.version, outcome: .unchanged, feedPosition: nil)
            }
            if let ifMatch, ifMatch != current.version {
                throw SyncStoreError.preconditionFailed(
                    environment: environment, record: key, expected: ifMatch, actual: current.version)
            }
            let (version, position) = try Self.tombstone(db, environment: environment, current: current, origin: .erp, at: now)
            return RecordWriteResult(version: version, outcome: .deleted, feedPosition: position)
        }
    }

    public func record(environment: String, key: RecordKey) async throws -> CRMRecord? {
        try await reading("read \(key)", environment: environment) { db in
            try Self.storedRecord(db, environment: environment, key: key)
        }
    }

    public func records(environment: String, ownedBy mailbox: MailboxAddress, entity: EntityKind?) async throws
        -> [CRMRecord]
    {
        try await reading("list records of \(mailbox)", environment: environment) { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT r.*, \(Self.ownersColumn) FROM record_owner m
                    JOIN record r ON r.environment = m.environment AND r.entity = m.entity AND r.record_id = m.record_id
                    WHERE m.environment = ? AND m.mailbox = ? AND (? IS NULL OR m.entity = ?) AND r.deleted = 0
                    ORDER BY r.entity, r.record_id
                    """,
                arguments: [environment, mailbox.rawValue, entity?.rawValue, entity?.rawValue]
            ).map(Self.record(from:))
        }
    }

    @discardableResult
    public func purgeTombstones(environment: String, before date: Date) async throws -> Int {
        try await writing("purge tombstones", environment: environment) { db in
            try db.execute(
                sql: "DELETE FROM record WHERE environment = ? AND deleted = 1 AND updated_at < ?",
                arguments: [environment, date])
            return db.changesCount
        }
    }

    // MARK: - Writing records, shared with units of work

    /// The owners as a JSON array, for reading a record with its owners in one query.
    static let ownersColumn = """
        (SELECT json_group_array(o.mailbox) FROM record_owner o
         WHERE o.environment = r.environment AND o.entity = r.entity AND o.record_id = r.record_id) AS owners
        """

    static func storedRecord(_ db: Database, environment: String, key: RecordKey) throws -> CRMRecord? {
        try Row.fetchOne(
            db.cachedStatement(
                sql: "SELECT r.*, \(ownersColumn) FROM record r WHERE environment = ? AND entity = ? AND record_id = ?"),
            arguments: [environment, key.entity.rawValue, key.id.rawValue]
        ).map(record(from:))
    }

    static func record(from row: Row) throws -> CRMRecord {
        let ownersJSON: String = row["owners"] ?? "[]"
        let owners = try StoreJSON.decode([String].self, from: ownersJSON)
        return CRMRecord(
            environment: row["environment"],
            key: try recordKey(entity: row["entity"], id: row["record_id"]),
            fields: try FieldSetJSON.decode(row["fields"]),
            owners: Set(owners.map { MailboxAddress($0) }),
            version: RecordVersion(row["version"] as Int64),
            isDeleted: row["deleted"],
            updatedAt: row["updated_at"])
    }

    static func saveRecord(
        _ db: Database, environment: String, key: RecordKey, fields: FieldSet, owners: Set<MailboxAddress>,
        version: RecordVersion, isDeleted: Bool, previousOwners: Set<MailboxAddress>, at now: Date
    ) throws {
        try db.execute(
            sql: """
                INSERT INTO record (environment, entity, record_id, fields, version, deleted, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (environment, entity, record_id) DO UPDATE SET fields = excluded.fields,
                    version = excluded.version, deleted = excluded.deleted, updated_at = excluded.updated_at
                """,
            arguments: [
                environment, key.entity.rawValue, key.id.rawValue, FieldSetJSON.encode(fields), version.rawValue,
                isDeleted, now,
            ])
        for removed in previousOwners.subtracting(owners) {
            try db.execute(
                sql: "DELETE FROM record_owner WHERE environment = ? AND entity = ? AND record_id = ? AND mailbox = ?",
                arguments: [environment, key.entity.rawValue, key.id.rawValue, removed.rawValue])
        }
        for added in owners.subtracting(previousOwners) {
            try db.execute(
                sql: "INSERT INTO record_owner (environment, entity, record_id, mailbox) VALUES (?, ?, ?, ?)",
                arguments: [environment, key.entity.rawValue, key.id.rawValue, added.rawValue])
        }
    }

    /// Turns a live record into a tombstone and appends the CRM feed entry.
    static func tombstone(_ db: Database, environment: String, current: CRMRecord, origin: ChangeOrigin, at now: Date)
        throws -> (RecordVersion, FeedPosition)
    {
        let version = RecordVersion(current.version.rawValue + 1)
        try saveRecord(
            db, environment: environment, key: current.key, fields: FieldSet(), owners: [], version: version,
            isDeleted: true, previousOwners: current.owners, at: now)
        let position = try appendCRMChange(
            db, environment: environment, key: current.key, operation: .delete, version: version,
            changedFields: Set(current.fields.values.keys), ownersAdded: [], ownersRemoved: current.owners,
            origin: origin, at: now)
        return (version, position)
    }

    /// Takes the next position of one of the environment's feeds. The counter row is
    /// updated in the writing transaction, which orders positions by commit.
    static func nextFeedPosition(_ db: Database, environment: String, head: FeedHead) throws -> FeedPosition {
        guard
            let position = try Int64.fetchOne(
                db,
                sql: "UPDATE environment SET \(head.rawValue) = \(head.rawValue) + 1 WHERE name = ? RETURNING \(head.rawValue)",
                arguments: [environment])
        else { throw SyncStoreError.unknownEnvironment(environment) }
        return FeedPosition(position)
    }

    enum FeedHead: String {
        case crm = "crm_feed_head"
        case outlook = "outlook_feed_head"
    }

    static func appendCRMChange(
        _ db: Database, environment: String, key: RecordKey, operation: CRMChange.Operation, version: RecordVersion,
        changedFields: Set<String>, ownersAdded: Set<MailboxAddress>, ownersRemoved: Set<MailboxAddress>,
        origin: ChangeOrigin, at now: Date
    ) throws -> FeedPosition {
        let position = try nextFeedPosition(db, environment: environment, head: .crm)
        let originMailbox: String? =
            switch origin {
            case .erp: nil
            case .mailbox(let address): address.rawValue
            }
        // The record row and its owners are already written: the entry keeps the owners after the change.
        let owners: Set<MailboxAddress> = Set(
            try String.fetchAll(
                db, sql: "SELECT mailbox FROM record_owner WHERE environment = ? AND entity = ? AND record_id = ?",
                arguments: [environment, key.entity.rawValue, key.id.rawValue]
            ).map { MailboxAddress($0) })
        let ownersJSON = try StoreJSON.encode(sorted: owners)
        try db.execute(
            sql: """
                INSERT INTO crm_change (environment, position, entity, record_id, operation, version, changed_fields,
                    owners_added, owners_removed, origin_mailbox, recorded_at, owners)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                environment, position.rawValue, key.entity.rawValue, key.id.rawValue, operation.rawValue,
                version.rawValue, try StoreJSON.encode(sorted: changedFields),
                try StoreJSON.encode(sorted: ownersAdded), try StoreJSON.encode(sorted: ownersRemoved),
                originMailbox, now, ownersJSON,
            ])
        // The entry under each mailbox it concerns (`CRMChange.concerns`), for that mailbox's cycle.
        for mailbox in owners.union(ownersAdded).union(ownersRemoved) {
            try db.execute(
                sql: "INSERT OR IGNORE INTO crm_change_mailbox (environment, mailbox, position) VALUES (?, ?, ?)",
                arguments: [environment, mailbox.rawValue, position.rawValue])
        }
        return position
    }
}
