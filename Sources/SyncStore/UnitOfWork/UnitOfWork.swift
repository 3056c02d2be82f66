import SyncEngine

/// The results of a cycle, to be committed all at once or not at all.
///
/// A unit of work is a value: building it touches no database, so a cycle can assemble it
/// while it talks to Exchange, and any store (SQLite, PostgreSQL) applies its operations in
/// order inside one transaction. Cursors are advanced by compare-and-set (`from` the value
/// the cycle started from), and an optional lease must still be held at commit time: a
/// worker that lost its mailbox to another cannot commit stale results.
public struct UnitOfWork: Sendable, Hashable {
    public enum Operation: Sendable, Hashable {
        case createLink(StoredLink)
        case updateLink(StoredLink)
        case removeLink(mailbox: MailboxAddress, record: RecordKey)
        case recordUncommittedWrite(mailbox: MailboxAddress, record: RecordKey, itemID: String, write: UncommittedWrite)
        case confirmReadBack(mailbox: MailboxAddress, entity: EntityKind, itemIDs: [String])
        case setSyncState(mailbox: MailboxAddress, folderID: String, from: String?, to: String?)
        case setCRMFeedPosition(consumer: CRMFeedConsumer, from: FeedPosition, to: FeedPosition)
        case applyOutlookChange(OutlookRecordWrite)
        case resolveIntent(id: String, state: StoredIntent.State)
        case logDecision(Decision)
        case recordConflict(Conflict)
        case recordRefusedWrite(RefusedWrite)
        case clearFailedItem(mailbox: MailboxAddress, record: RecordKey)
        case markMailboxSynced(MailboxAddress)
        case finishRun(RunID, outcome: RunOutcome, counts: RunCounts, error: String?)
    }

    public let environment: String
    /// When set, the commit fails with ``SyncStoreError/leaseLost(resource:holder:)`` unless
    /// this lease (same holder, same fencing token) is still unexpired.
    public var lease: Lease?
    /// The run that decisions and conflicts are attributed to.
    public var runID: RunID?
    public private(set) var operations: [Operation] = []

    public init(environment: String, lease: Lease? = nil, runID: RunID? = nil) {
        self.environment = environment
        self.lease = lease
        self.runID = runID
    }

    public var isEmpty: Bool { operations.isEmpty }

    /// Links a record to a newly created or found item. Fails if either is already linked.
    public mutating func createLink(_ link: StoredLink) { operations.append(.createLink(link)) }

    /// Replaces the link of `link.record` in `link.mailbox` (new base, change keys, or a new
    /// item id after a move). Fails if there is no such link or the item is linked elsewhere.
    public mutating func updateLink(_ link: StoredLink) { operations.append(.updateLink(link)) }

    public mutating func removeLink(mailbox: MailboxAddress, record: RecordKey) {
        operations.append(.removeLink(mailbox: mailbox, record: record))
    }

    /// Notes on the link of `record` an Outlook update that Exchange accepted (the item's new
    /// change key and what was written), before the cycle commits: if that commit never happens,
    /// the next cycle still recognises the update as ours. Committed on its own, right after the
    /// write; the link's next update clears it. Fails if the record is not linked to `itemID`.
    public mutating func recordUncommittedWrite(mailbox: MailboxAddress, record: RecordKey, itemID: String, write: UncommittedWrite) {
        operations.append(.recordUncommittedWrite(mailbox: mailbox, record: record, itemID: itemID, write: write))
    }

    /// The links of these items no longer await read-back: a read that reported them is
    /// committed with this unit of work, and so is the folder's new sync state (a cycle that keeps
    /// the old sync state must not confirm anything: the next read from it must report them again).
    public mutating func confirmReadBack(mailbox: MailboxAddress, entity: EntityKind, itemIDs: [String]) {
        guard !itemIDs.isEmpty else { return }
        operations.append(.confirmReadBack(mailbox: mailbox, entity: entity, itemIDs: itemIDs))
    }

    /// Moves a folder's sync state from the one the cycle read (`nil`: none) to `to` (`nil` forgets it).
    public mutating func setSyncState(mailbox: MailboxAddress, folderID: String, from: String?, to: String?) {
        operations.append(.setSyncState(mailbox: mailbox, folderID: folderID, from: from, to: to))
    }

    /// Moves a consumer's CRM feed position from the one the cycle read.
    public mutating func setCRMFeedPosition(consumer: CRMFeedConsumer, from: FeedPosition, to: FeedPosition) {
        operations.append(.setCRMFeedPosition(consumer: consumer, from: from, to: to))
    }

    public mutating func applyOutlookChange(_ write: OutlookRecordWrite) {
        operations.append(.applyOutlookChange(write))
    }

    public mutating func resolveIntent(id: String, as state: StoredIntent.State) {
        operations.append(.resolveIntent(id: id, state: state))
    }

    public mutating func logDecision(_ decision: Decision) { operations.append(.logDecision(decision)) }

    public mutating func recordConflict(_ conflict: Conflict) { operations.append(.recordConflict(conflict)) }

    /// Counts an attempt of a write the server refused (see ``FailedItemStore``).
    public mutating func recordRefusedWrite(_ write: RefusedWrite) { operations.append(.recordRefusedWrite(write)) }

    /// A write for this record succeeded: its failure, if any, is over.
    public mutating func clearFailedItem(mailbox: MailboxAddress, record: RecordKey) {
        operations.append(.clearFailedItem(mailbox: mailbox, record: record))
    }

    /// Records a successful sync of the mailbox now, clearing its last failure.
    public mutating func markMailboxSynced(_ mailbox: MailboxAddress) {
        operations.append(.markMailboxSynced(mailbox))
    }

    public mutating func finishRun(_ id: RunID, outcome: RunOutcome, counts: RunCounts, error: String? = nil) {
        operations.append(.finishRun(id, outcome: outcome, counts: counts, error: error))
    }
}
