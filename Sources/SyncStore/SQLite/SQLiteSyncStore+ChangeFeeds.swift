import Foundation
import GRDB
import SyncEngine

extension SQLiteSyncStore: ChangeFeedStore {
    /// The most entries one page returns.
    public static let maximumPageSize = 10_000

    public func crmChanges(environment: String, after position: FeedPosition, limit: Int) async throws
        -> FeedPage<CRMChange>
    {
        let limit = Self.pageSize(limit)
        return try await reading("read the CRM change feed", environment: environment) { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT * FROM crm_change WHERE environment = ? AND position > ? ORDER BY position LIMIT ?",
                arguments: [environment, position.rawValue, limit + 1])
            let changes = try rows.prefix(limit).map(Self.crmChange(from:))
            return FeedPage(changes: changes, next: changes.last?.position ?? position, hasMore: rows.count > limit)
        }
    }

    public func crmChanges(environment: String, concerning mailbox: MailboxAddress, after position: FeedPosition, limit: Int)
        async throws -> FeedPage<CRMChange>
    {
        let limit = Self.pageSize(limit)
        return try await reading("read the CRM change feed of \(mailbox)", environment: environment) { db in
            // One read transaction: the head and the entries below it are the same snapshot.
            let head = try Int64.fetchOne(
                db, sql: "SELECT crm_feed_head FROM environment WHERE name = ?", arguments: [environment]) ?? 0
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT c.* FROM crm_change_mailbox m
                    JOIN crm_change c ON c.environment = m.environment AND c.position = m.position
                    WHERE m.environment = ? AND m.mailbox = ? AND m.position > ?
                    ORDER BY m.position LIMIT ?
                    """,
                arguments: [environment, mailbox.rawValue, position.rawValue, limit + 1])
            let changes = try rows.prefix(limit).map(Self.crmChange(from:))
            let hasMore = rows.count > limit
            let next = hasMore ? changes.last!.position : FeedPosition(max(head, position.rawValue))
            return FeedPage(changes: changes, next: next, hasMore: hasMore)
        }
    }

    public func outlookChanges(environment: String, after position: FeedPosition, limit: Int) async throws
        -> FeedPage<OutlookChange>
    {
        let limit = Self.pageSize(limit)
        return try await reading("read the Outlook change feed", environment: environment) { db in
            try Self.requireOutlookFeedKept(db, environment: environment, after: position)
            let rows = try Row.fetchAll(
                db,
                sql: "SELECT * FROM outlook_change WHERE environment = ? AND position > ? ORDER BY position LIMIT ?",
                arguments: [environment, position.rawValue, limit + 1])
            let changes = try rows.prefix(limit).map(Self.outlookChange(from:))
            return FeedPage(changes: changes, next: changes.last?.position ?? position, hasMore: rows.count > limit)
        }
    }

    static func pageSize(_ limit: Int) -> Int { min(max(limit, 1), maximumPageSize) }

    // MARK: - Applying Outlook changes, within a unit of work

    /// Applies a change made in Outlook to its record, and appends it to both feeds.
    /// - Returns: the record's version after the change, and the positions appended (none
    ///   when the change changed nothing).
    static func applyOutlookChange(_ db: Database, environment: String, _ write: OutlookRecordWrite, at now: Date)
        throws -> (version: RecordVersion, crm: FeedPosition?, outlook: FeedPosition?)
    {
        let key = write.record
        let current = try storedRecord(db, environment: environment, key: key)
        let live = current.flatMap { $0.isDeleted ? nil : $0 }
        func requireExpectedVersion() throws {
            if let expected = write.expectedVersion, expected != current?.version {
                throw SyncStoreError.preconditionFailed(
                    environment: environment, record: key, expected: expected, actual: current?.version)
            }
        }
        let origin = ChangeOrigin.mailbox(write.mailbox)

        switch write.change {
        case .create(let fields, let requestedOwners):
            if let live {
                throw SyncStoreError.preconditionFailed(
                    environment: environment, record: key, expected: write.expectedVersion, actual: live.version)
            }
            try requireExpectedVersion()
            let owners = requestedOwners.union([write.mailbox])
            let version = RecordVersion((current?.version.rawValue ?? 0) + 1)
            try saveRecord(
                db, environment: environment, key: key, fields: fields, owners: owners, version: version,
                isDeleted: false, previousOwners: current?.owners ?? [], at: now)
            let crm = try appendCRMChange(
                db, environment: environment, key: key, operation: .upsert, version: version,
                changedFields: Set(fields.values.keys), ownersAdded: owners, ownersRemoved: [], origin: origin, at: now)
            let outlook = try appendOutlookChange(
                db, environment: environment, kind: RecordKind(key.entity), id: key.id, operation: .created, fields: fields, cleared: [],
                mailbox: write.mailbox, itemID: write.itemID, version: version, at: now)
            return (version, crm, outlook)

        case .update(let set, let clear):
            guard let live else { throw SyncStoreError.recordNotFound(environment: environment, record: key) }
            try requireExpectedVersion()
            var fields = live.fields
            for (name, value) in set.values { fields[name] = value }
            for name in clear { fields[name] = nil }
            let changed = fields.changedFields(comparedTo: live.fields)
            if changed.isEmpty { return (live.version, nil, nil) }
            let version = RecordVersion(live.version.rawValue + 1)
            try saveRecord(
                db, environment: environment, key: key, fields: fields, owners: live.owners, version: version,
                isDeleted: false, previousOwners: live.owners, at: now)
            let crm = try appendCRMChange(
                db, environment: environment, key: key, operation: .upsert, version: version, changedFields: changed,
                ownersAdded: [], ownersRemoved: [], origin: origin, at: now)
            let newValues = FieldSet(fields.values.filter { changed.contains($0.key) })
            let outlook = try appendOutlookChange(
                db, environment: environment, kind: RecordKind(key.entity), id: key.id, operation: .updated, fields: newValues,
                cleared: changed.subtracting(newValues.values.keys), mailbox: write.mailbox, itemID: write.itemID,
                version: version, at: now)
            return (version, crm, outlook)

        case .delete:
            guard let current else { throw SyncStoreError.recordNotFound(environment: environment, record: key) }
            guard let live else { return (current.version, nil, nil) }
            try requireExpectedVersion()
            let (version, crm) = try tombstone(db, environment: environment, current: live, origin: origin, at: now)
            let outlook = try appendOutlookChange(
                db, environment: environment, kind: RecordKind(key.entity), id: key.id, operation: .deleted, fields: FieldSet(), cleared: [],
                mailbox: write.mailbox, itemID: write.itemID, version: version, at: now)
            return (version, crm, outlook)
        }
    }

    /// Appends to the Outlook feed and, in the same transaction, to the webhook outbox when
    /// the environment delivers webhooks: an event is never in one without the other.
    static func appendOutlookChange(
        _ db: Database, environment: String, kind: RecordKind, id: RecordID, operation: OutlookChange.Operation, fields: FieldSet,
        cleared: Set<String>, mailbox: MailboxAddress, itemID: String?, version: RecordVersion, at now: Date,
        failure: OutlookChange.Failure? = nil
    ) throws -> FeedPosition {
        let position = try nextFeedPosition(db, environment: environment, head: .outlook)
        try db.execute(
            sql: """
                INSERT INTO outlook_change (environment, position, entity, record_id, operation, fields, cleared_fields,
                    mailbox, item_id, record_version, occurred_at, failure)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                environment, position.rawValue, kind.rawValue, id.rawValue, operation.rawValue,
                FieldSetJSON.encode(fields), try StoreJSON.encode(sorted: cleared), mailbox.rawValue,
                itemID, version.rawValue, now, try failure.map { try StoreJSON.encode($0) },
            ])
        try db.execute(
            sql: """
                INSERT INTO webhook_outbox (environment, position, next_attempt_at)
                SELECT name, ?, ? FROM environment WHERE name = ? AND webhook_delivery = 1
                """,
            arguments: [position.rawValue, now, environment])
        return position
    }

    // MARK: - Rows

    static func crmChange(from row: Row) throws -> CRMChange {
        let originMailbox: String? = row["origin_mailbox"]
        return CRMChange(
            position: FeedPosition(row["position"] as Int64),
            record: try recordKey(entity: row["entity"], id: row["record_id"]),
            operation: CRMChange.Operation(rawValue: row["operation"]) ?? .upsert,
            version: RecordVersion(row["version"] as Int64),
            changedFields: Set(try StoreJSON.decode([String].self, from: row["changed_fields"])),
            ownersAdded: Set(try StoreJSON.decode([MailboxAddress].self, from: row["owners_added"])),
            ownersRemoved: Set(try StoreJSON.decode([MailboxAddress].self, from: row["owners_removed"])),
            origin: originMailbox.map { .mailbox(MailboxAddress($0)) } ?? .erp,
            recordedAt: row["recorded_at"],
            owners: try (row["owners"] as String?).map { Set(try StoreJSON.decode([MailboxAddress].self, from: $0)) })
    }

    static func outlookChange(from row: Row) throws -> OutlookChange {
        OutlookChange(
            position: FeedPosition(row["position"] as Int64),
            kind: try recordKind(row["entity"]), recordID: RecordID(row["record_id"] as String),
            operation: OutlookChange.Operation(rawValue: row["operation"]) ?? .updated,
            fields: try FieldSetJSON.decode(row["fields"]),
            clearedFields: Set(try StoreJSON.decode([String].self, from: row["cleared_fields"])),
            mailbox: MailboxAddress(row["mailbox"] as String),
            itemID: row["item_id"],
            recordVersion: RecordVersion(row["record_version"] as Int64),
            occurredAt: row["occurred_at"],
            failure: try (row["failure"] as String?).map { try StoreJSON.decode(OutlookChange.Failure.self, from: $0) })
    }
}
