import Foundation
import PostgresNIO
import SyncEngine

extension PostgresSyncStore: RecordStore {
    @discardableResult
    public func upsertRecord(
        environment: String, record key: RecordKey, fields: FieldSet, owners: Set<MailboxAddress>,
        ifMatch: RecordVersion?
    ) async throws -> RecordWriteResult {
        let now = now()
        return try await transaction("upsert \(key)", environment: environment) { db in
            try await Self.lockEnvironment(db, environment)
            let current = try await Self.storedRecord(db, environment: environment, key: key)
            if let ifMatch, ifMatch != current?.version {
                throw SyncStoreError.preconditionFailed(
                    environment: environment, record: key, expected: ifMatch, actual: current?.version)
            }
            if let current, !current.isDeleted, current.fields == fields, current.owners == owners {
                return RecordWriteResult(version: current.version, outcome: .unchanged, feedPosition: nil)
            }
            let live = current.flatMap { $0.isDeleted ? nil : $0 }
            let version = RecordVersion((current?.version.rawValue ?? 0) + 1)
            try await Self.saveRecord(
                db, environment: environment, key: key, fields: fields, owners: owners, version: version,
                isDeleted: false, previousOwners: current?.owners ?? [], at: now)
            let position = try await Self.appendCRMChange(
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
        let now = now()
        return try await transaction("delete \(key)", environment: environment) { db in
            try await Self.lockEnvironment(db, environment)
            guard let current = try await Self.storedRecord(db, environment: environment, key: key) else {
                throw SyncStoreError.recordNotFound(environment: environment, record: key)
            }
            if current.isDeleted {
                return RecordWriteResult(version: current.version, outcome: .unchanged, feedPosition: nil)
            }
            if let ifMatch, ifMatch != current.version {
                throw SyncStoreError.preconditionFailed(
                    environment: environment, record: key, expected: ifMatch, actual: current.version)
            }
            let (version, position) = try await Self.tombstone(
                db, environment: environment, current: current, origin: .erp, at: now)
            return RecordWriteResult(version: version, outcome: .deleted, feedPosition: position)
        }
    }

    public func record(environment: String, key: RecordKey) async throws -> CRMRecord? {
        try await session("read \(key)", environment: environment) { db in
            try await Self.storedRecord(db, environment: environment, key: key)
        }
    }

    public func records(environment: String, ownedBy mailbox: MailboxAddress, entity: EntityKind?) async throws
        -> [CRMRecord]
    {
        try await session("list records of \(mailbox)", environment: environment) { db in
            try await db.rows(
                """
                SELECT r.*, \(unescaped: Self.ownersColumn) FROM record_owner m
                JOIN record r ON r.environment = m.environment AND r.entity = m.entity AND r.record_id = m.record_id
                WHERE m.environment = \(environment) AND m.mailbox = \(mailbox.rawValue)
                    AND (\(entity?.rawValue)::text IS NULL OR m.entity = \(entity?.rawValue)) AND NOT r.deleted
                ORDER BY r.entity COLLATE "C", r.record_id COLLATE "C"
                """
            ).map(Self.record(from:))
        }
    }

    @discardableResult
    public func purgeTombstones(environment: String, before date: Date) async throws -> Int {
        try await session("purge tombstones", environment: environment) { db in
            try await db.rows(
                "DELETE FROM record WHERE environment = \(environment) AND deleted AND updated_at < \(date) RETURNING 1"
            ).count
        }
    }

    // MARK: - Writing records, shared with units of work

    /// The owners as a text array, for reading a record with its owners in one query.
    static let ownersColumn = """
        ARRAY(SELECT o.mailbox FROM record_owner o
              WHERE o.environment = r.environment AND o.entity = r.entity AND o.record_id = r.record_id) AS owners
        """

    static func storedRecord(_ db: PostgresSession, environment: String, key: RecordKey) async throws -> CRMRecord? {
        try await db.row(
            """
            SELECT r.*, \(unescaped: ownersColumn) FROM record r
            WHERE environment = \(environment) AND entity = \(key.entity.rawValue) AND record_id = \(key.id.rawValue)
            """
        ).map(record(from:))
    }

    static func record(from row: PostgresRandomAccessRow) throws -> CRMRecord {
        CRMRecord(
            environment: try row.value("environment"),
            key: try recordKey(entity: try row.value("entity"), id: try row.value("record_id")),
            fields: try FieldSetJSON.decode(try row.value("fields")),
            owners: Set(try row.value("owners", as: [String].self).map { MailboxAddress($0) }),
            version: RecordVersion(try row.value("version", as: Int64.self)),
            isDeleted: try row.value("deleted"),
            updatedAt: try row.value("updated_at"))
    }

    static func saveRecord(
        _ db: PostgresSession, environment: String, key: RecordKey, fields: FieldSet, owners: Set<MailboxAddress>,
        version: RecordVersion, isDeleted: Bool, previousOwners: Set<MailboxAddress>, at now: Date
    ) async throws {
        try await db.execute(
            """
            INSERT INTO record (environment, entity, record_id, fields, version, deleted, updated_at)
            VALUES (\(environment), \(key.entity.rawValue), \(key.id.rawValue), \(FieldSetJSON.encode(fields)),
                \(version.rawValue), \(isDeleted), \(now))
            ON CONFLICT (environment, entity, record_id) DO UPDATE SET fields = excluded.fields,
                version = excluded.version, deleted = excluded.deleted, updated_at = excluded.updated_at
            """)
        let removed = previousOwners.subtracting(owners).map(\.rawValue)
        if !removed.isEmpty {
            try await db.execute(
                """
                DELETE FROM record_owner WHERE environment = \(environment) AND entity = \(key.entity.rawValue)
                    AND record_id = \(key.id.rawValue) AND mailbox = ANY(\(removed))
                """)
        }
        let added = owners.subtracting(previousOwners).map(\.rawValue).sorted()
        if !added.isEmpty {
            try await db.execute(
                """
                INSERT INTO record_owner (environment, entity, record_id, mailbox)
                SELECT \(environment), \(key.entity.rawValue), \(key.id.rawValue), unnest(\(added)::text[])
                """)
        }
    }

    /// Turns a live record into a tombstone and appends the CRM feed entry.
    static func tombstone(
        _ db: PostgresSession, environment: String, current: CRMRecord, origin: ChangeOrigin, at now: Date
    ) async throws -> (RecordVersion, FeedPosition) {
        let version = RecordVersion(current.version.rawValue + 1)
        try await saveRecord(
            db, environment: environment, key: current.key, fields: FieldSet(), owners: [], version: version,
            isDeleted: true, previousOwners: current.owners, at: now)
        let position = try await appendCRMChange(
            db, environment: environment, key: current.key, operation: .delete, version: version,
            changedFields: Set(current.fields.values.keys), ownersAdded: [], ownersRemoved: current.owners,
            origin: origin, at: now)
        return (version, position)
    }

    // MARK: - Feed positions

    /// Takes the next position of the environment's CRM feed by incrementing its head in the
    /// writing transaction (the caller holds the environment's lock: see `lockEnvironment`).
    /// The row stays locked until the commit, so the next writer's increment waits and reads the
    /// committed head: positions are gapless (a rolled-back increment is undone with its entry)
    /// and in commit order.
    static func nextCRMFeedPosition(_ db: PostgresSession, environment: String) async throws -> FeedPosition {
        guard
            let position = try await db.value(
                "UPDATE environment SET crm_feed_head = crm_feed_head + 1 WHERE name = \(environment) RETURNING crm_feed_head",
                as: Int64.self)
        else { throw SyncStoreError.unknownEnvironment(environment) }
        return FeedPosition(position)
    }

    /// As `nextCRMFeedPosition`, for the Outlook feed.
    static func nextOutlookFeedPosition(_ db: PostgresSession, environment: String) async throws -> FeedPosition {
        guard
            let position = try await db.value(
                """
                UPDATE environment SET outlook_feed_head = outlook_feed_head + 1 WHERE name = \(environment)
                RETURNING outlook_feed_head
                """,
                as: Int64.self)
        else { throw SyncStoreError.unknownEnvironment(environment) }
        return FeedPosition(position)
    }

    static func appendCRMChange(
        _ db: PostgresSession, environment: String, key: RecordKey, operation: CRMChange.Operation, version: RecordVersion,
        changedFields: Set<String>, ownersAdded: Set<MailboxAddress>, ownersRemoved: Set<MailboxAddress>,
        origin: ChangeOrigin, at now: Date
    ) async throws -> FeedPosition {
        let position = try await nextCRMFeedPosition(db, environment: environment)
        let originMailbox: String? =
            switch origin {
            case .erp: nil
            case .mailbox(let address): address.rawValue
            }
        // The record row and its owners are already written: the entry keeps the owners after the change.
        let owners: Set<MailboxAddress> = Set(
            try await db.rows(
                """
                SELECT mailbox FROM record_owner
                WHERE environment = \(environment) AND entity = \(key.entity.rawValue) AND record_id = \(key.id.rawValue)
                """
            ).map { MailboxAddress(try $0.value("mailbox", as: String.self)) })
        try await db.execute(
            """
            INSERT INTO crm_change (environment, position, entity, record_id, operation, version, changed_fields,
                owners_added, owners_removed, origin_mailbox, recorded_at, owners)
            VALUES (\(environment), \(position.rawValue), \(key.entity.rawValue), \(key.id.rawValue), \(operation.rawValue),
                \(version.rawValue), \(try StoreJSON.encode(sorted: changedFields)),
                \(try StoreJSON.encode(sorted: ownersAdded)), \(try StoreJSON.encode(sorted: ownersRemoved)),
                \(originMailbox), \(now), \(try StoreJSON.encode(sorted: owners)))
            """)
        // The entry under each mailbox it concerns (`CRMChange.concerns`), for that mailbox's cycle.
        let concerned = owners.union(ownersAdded).union(ownersRemoved).map(\.rawValue).sorted()
        if !concerned.isEmpty {
            try await db.execute(
                """
                INSERT INTO crm_change_mailbox (environment, mailbox, position)
                SELECT \(environment), unnest(\(concerned)::text[]), \(position.rawValue)
                ON CONFLICT DO NOTHING
                """)
        }
        return position
    }
}
