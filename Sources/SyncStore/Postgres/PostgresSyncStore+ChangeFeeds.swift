import Foundation
import PostgresNIO
import SyncEngine

extension PostgresSyncStore: ChangeFeedStore {
    public func crmChanges(environment: String, after position: FeedPosition, limit: Int) async throws
        -> FeedPage<CRMChange>
    {
        let limit = Self.pageSize(limit)
        return try await session("read the CRM change feed", environment: environment) { db in
            let rows = try await db.rows(
                """
                SELECT * FROM crm_change WHERE environment = \(environment) AND position > \(position.rawValue)
                ORDER BY position LIMIT \(limit + 1)
                """)
            let changes = try rows.prefix(limit).map(Self.crmChange(from:))
            return FeedPage(changes: changes, next: changes.last?.position ?? position, hasMore: rows.count > limit)
        }
    }

    public func crmChanges(environment: String, concerning mailbox: MailboxAddress, after position: FeedPosition, limit: Int)
        async throws -> FeedPage<CRMChange>
    {
        let limit = Self.pageSize(limit)
        // One snapshot: the head and the entries below it are read together.
        return try await transaction(
            "read the CRM change feed of \(mailbox)", environment: environment, mode: .snapshotRead
        ) { db in
            let head = try await db.value("SELECT crm_feed_head FROM environment WHERE name = \(environment)", as: Int64.self) ?? 0
            let rows = try await db.rows(
                """
                SELECT c.* FROM crm_change_mailbox m
                JOIN crm_change c ON c.environment = m.environment AND c.position = m.position
                WHERE m.environment = \(environment) AND m.mailbox = \(mailbox.rawValue) AND m.position > \(position.rawValue)
                ORDER BY m.position LIMIT \(limit + 1)
                """)
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
        return try await transaction(
            "read the Outlook change feed", environment: environment, mode: .snapshotRead
        ) { db in
            try await Self.requireOutlookFeedKept(db, environment: environment, after: position)
            let rows = try await db.rows(
                """
                SELECT * FROM outlook_change WHERE environment = \(environment) AND position > \(position.rawValue)
                ORDER BY position LIMIT \(limit + 1)
                """)
            let changes = try rows.prefix(limit).map(Self.outlookChange(from:))
            return FeedPage(changes: changes, next: changes.last?.position ?? position, hasMore: rows.count > limit)
        }
    }

    static func pageSize(_ limit: Int) -> Int { SQLiteSyncStore.pageSize(limit) }

    // MARK: - Applying Outlook changes, within a unit of work

    /// Applies a change made in Outlook to its record, and appends it to both feeds (the caller
    /// holds the environment's lock). Same rules as the SQLite store.
    /// - Returns: the record's version after the change, and the positions appended (none
    ///   when the change changed nothing).
    static func applyOutlookChange(_ db: PostgresSession, environment: String, _ write: OutlookRecordWrite, at now: Date)
        async throws -> (version: RecordVersion, crm: FeedPosition?, outlook: FeedPosition?)
    {
        let key = write.record
        let current = try await storedRecord(db, environment: environment, key: key)
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
            try await saveRecord(
                db, environment: environment, key: key, fields: fields, owners: owners, version: version,
                isDeleted: false, previousOwners: current?.owners ?? [], at: now)
            let crm = try await appendCRMChange(
                db, environment: environment, key: key, operation: .upsert, version: version,
                changedFields: Set(fields.values.keys), ownersAdded: owners, ownersRemoved: [], origin: origin, at: now)
            let outlook = try await appendOutlookChange(
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
            try await saveRecord(
                db, environment: environment, key: key, fields: fields, owners: live.owners, version: version,
                isDeleted: false, previousOwners: live.owners, at: now)
            let crm = try await appendCRMChange(
                db, environment: environment, key: key, operation: .upsert, version: version, changedFields: changed,
                ownersAdded: [], ownersRemoved: [], origin: origin, at: now)
            let newValues = FieldSet(fields.values.filter { changed.contains($0.key) })
            let outlook = try await appendOutlookChange(
                db, environment: environment, kind: RecordKind(key.entity), id: key.id, operation: .updated, fields: newValues,
                cleared: changed.subtracting(newValues.values.keys), mailbox: write.mailbox, itemID: write.itemID,
                version: version, at: now)
            return (version, crm, outlook)

        case .delete:
            guard let current else { throw SyncStoreError.recordNotFound(environment: environment, record: key) }
            guard let live else { return (current.version, nil, nil) }
            try requireExpectedVersion()
            let (version, crm) = try await tombstone(db, environment: environment, current: live, origin: origin, at: now)
            let outlook = try await appendOutlookChange(
                db, environment: environment, kind: RecordKind(key.entity), id: key.id, operation: .deleted, fields: FieldSet(), cleared: [],
                mailbox: write.mailbox, itemID: write.itemID, version: version, at: now)
            return (version, crm, outlook)
        }
    }

    /// Appends to the Outlook feed and, in the same transaction, to the webhook outbox when
    /// the environment delivers webhooks: an event is never in one without the other.
    static func appendOutlookChange(
        _ db: PostgresSession, environment: String, kind: RecordKind, id: RecordID, operation: OutlookChange.Operation, fields: FieldSet,
        cleared: Set<String>, mailbox: MailboxAddress, itemID: String?, version: RecordVersion, at now: Date,
        failure: OutlookChange.Failure? = nil
    ) async throws -> FeedPosition {
        let position = try await nextOutlookFeedPosition(db, environment: environment)
        let failureJSON = try failure.map { try StoreJSON.encode($0) }
        try await db.execute(
            """
            INSERT INTO outlook_change (environment, position, entity, record_id, operation, fields, cleared_fields,
                mailbox, item_id, record_version, occurred_at, failure)
            VALUES (\(environment), \(position.rawValue), \(kind.rawValue), \(id.rawValue), \(operation.rawValue),
                \(FieldSetJSON.encode(fields)), \(try StoreJSON.encode(sorted: cleared)), \(mailbox.rawValue), \(itemID),
                \(version.rawValue), \(now), \(failureJSON))
            """)
        try await db.execute(
            """
            INSERT INTO webhook_outbox (environment, position, next_attempt_at)
            SELECT name, \(position.rawValue), \(now) FROM environment WHERE name = \(environment) AND webhook_delivery
            """)
        return position
    }

    // MARK: - Rows

    static func crmChange(from row: PostgresRandomAccessRow) throws -> CRMChange {
        let originMailbox: String? = try row.value("origin_mailbox")
        let owners: String? = try row.value("owners")
        return CRMChange(
            position: FeedPosition(try row.value("position", as: Int64.self)),
            record: try recordKey(entity: try row.value("entity"), id: try row.value("record_id")),
            operation: CRMChange.Operation(rawValue: try row.value("operation")) ?? .upsert,
            version: RecordVersion(try row.value("version", as: Int64.self)),
            changedFields: Set(try StoreJSON.decode([String].self, from: try row.value("changed_fields"))),
            ownersAdded: Set(try StoreJSON.decode([MailboxAddress].self, from: try row.value("owners_added"))),
            ownersRemoved: Set(try StoreJSON.decode([MailboxAddress].self, from: try row.value("owners_removed"))),
            origin: originMailbox.map { .mailbox(MailboxAddress($0)) } ?? .erp,
            recordedAt: try row.value("recorded_at"),
            owners: try owners.map { Set(try StoreJSON.decode([MailboxAddress].self, from: $0)) })
    }

    static func outlookChange(from row: PostgresRandomAccessRow) throws -> OutlookChange {
        let failure: String? = try row.value("failure")
        return OutlookChange(
            position: FeedPosition(try row.value("position", as: Int64.self)),
            kind: try SQLiteSyncStore.recordKind(try row.value("entity")), recordID: RecordID(try row.value("record_id", as: String.self)),
            operation: OutlookChange.Operation(rawValue: try row.value("operation")) ?? .updated,
            fields: try FieldSetJSON.decode(try row.value("fields")),
            clearedFields: Set(try StoreJSON.decode([String].self, from: try row.value("cleared_fields"))),
            mailbox: MailboxAddress(try row.value("mailbox", as: String.self)),
            itemID: try row.value("item_id"),
            recordVersion: RecordVersion(try row.value("record_version", as: Int64.self)),
            occurredAt: try row.value("occurred_at"),
            failure: try failure.map { try StoreJSON.decode(OutlookChange.Failure.self, from: $0) })
    }
}
