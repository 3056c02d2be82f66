import SyncEngine
import SyncStore

/// The CRM side of a cycle: what changed for the mailbox since its feed position, per kind, with
/// the version of every record read (the precondition of the Outlook changes written back).
struct CRMRead: Sendable {
    var changes: [EntityKind: CRMChanges] = [:]
    /// Records read, live or tombstones, with their version.
    var versions: [RecordKey: RecordVersion] = [:]
    /// The feed position the cycle started from, and the one it reaches once committed.
    var from: FeedPosition
    var to: FeedPosition
    var recordsRead = 0
    /// The records in `changes`, changed or deleted.
    private var loaded = Set<RecordKey>()

    func changes(of kind: EntityKind) -> CRMChanges { changes[kind] ?? CRMChanges() }

    /// Reads the mailbox's CRM changes. The first time (position at the start) it reads every
    /// record the mailbox owns, and moves to the feed head read *before* the records, so that a
    /// change racing with the read is read again next time rather than missed.
    static func read(
        environment: String, mailbox: MailboxAddress, kinds: [EntityKind], store: any SyncStore, pageSize: Int
    ) async throws -> CRMRead {
        let from = try await store.crmFeedPosition(environment: environment, consumer: .mailbox(mailbox))
        var read = CRMRead(from: from, to: from)
        if from == .start {
            read.to = try await store.environment(environment)?.crmFeedHead ?? .start
            for kind in kinds { try await read.readAll(kind, environment: environment, mailbox: mailbox, store: store) }
            return read
        }

        var keys: [RecordKey] = []
        var seen = Set<RecordKey>()
        var position = from
        while true {
            try Task.checkCancellation()
            // Only the entries that concern this mailbox, through the store's index.
            let page = try await store.crmChanges(environment: environment, concerning: mailbox, after: position, limit: pageSize)
            for change in page.changes where kinds.contains(change.record.entity) {
                // This mailbox's own cycle wrote it, and committed the link's new base with it.
                if change.origin == .mailbox(mailbox) { continue }
                if seen.insert(change.record).inserted { keys.append(change.record) }
            }
            position = page.next
            if !page.hasMore { break }
        }
        read.to = position
        for key in keys { try await read.load(key, environment: environment, store: store) }
        return read
    }

    /// Replaces the kind's changes by every record the mailbox owns (a full resync).
    mutating func readAll(_ kind: EntityKind, environment: String, mailbox: MailboxAddress, store: any SyncStore)
        async throws
    {
        let records = try await store.records(environment: environment, ownedBy: mailbox, entity: kind)
        for record in records { versions[record.key] = record.version }
        recordsRead += records.count
        changes[kind] = .complete(records.map(\.engineRecord))
        loaded = loaded.filter { $0.entity != kind }.union(records.map(\.key))
    }

    /// Loads the current state of a record into its kind's changes (live: changed; tombstone or
    /// purged: deleted), unless it is there already.
    mutating func load(_ key: RecordKey, environment: String, store: any SyncStore, purgedMeansDeleted: Bool = true)
        async throws
    {
        // A set answers "already there?" (a scan of the kind's changes made a large read quadratic).
        guard !loaded.contains(key) else { return }
        let record = try await store.record(environment: environment, key: key)
        recordsRead += 1
        if let record { versions[key] = record.version }
        if let record, !record.isDeleted {
            loaded.insert(key)
            changes[key.entity, default: CRMChanges()].changed.append(record.engineRecord)
        } else if record != nil || purgedMeansDeleted {
            guard changes[key.entity]?.isComplete != true else { return }
            loaded.insert(key)
            changes[key.entity, default: CRMChanges()].deleted.insert(key.id)
        }
    }

    /// Records a record's version without handing it to the engine as changed (an item deleted in
    /// Outlook deletes its record only if the ERP did not change it since).
    mutating func loadVersion(_ key: RecordKey, environment: String, store: any SyncStore) async throws {
        guard versions[key] == nil else { return }
        if let record = try await store.record(environment: environment, key: key) {
            versions[key] = record.version
            recordsRead += 1
        }
    }
}

extension StoredRecord {
    /// The engine's view of a live record.
    var engineRecord: SyncEngine.CRMRecord {
        SyncEngine.CRMRecord(id: key.id, fields: fields, owners: owners, modifiedAt: updatedAt)
    }
}
