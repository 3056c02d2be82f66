import SyncEngine

/// A change made in Outlook, applied to the CRM record by a cycle.
///
/// Applying it updates the record (new version), appends a CRM feed entry with the mailbox
/// as origin (so the record's other mailboxes follow), appends an Outlook feed entry for
/// the ERP and, when the environment has webhook delivery on, queues it in the outbox.
/// A write that changes nothing appends nothing.
public struct OutlookRecordWrite: Sendable, Hashable {
    public enum Change: Sendable, Hashable {
        /// An item opted in from Outlook becomes a record owned by `owners` (the mailbox at least).
        case create(fields: FieldSet, owners: Set<MailboxAddress>)
        /// Sets some fields and clears others; fields not named keep their values.
        case update(set: FieldSet, clear: Set<String>)
        case delete
    }

    public var record: RecordKey
    /// The mailbox where the change was made.
    public var mailbox: MailboxAddress
    public var itemID: String?
    public var change: Change
    /// The record version the merge was computed against: if the ERP changed the record
    /// since, the unit of work fails with ``SyncStoreError/preconditionFailed(environment:record:expected:actual:)``
    /// and the cycle merges again. `nil` skips the check. A `create` always requires that
    /// no live record exists.
    public var expectedVersion: RecordVersion?

    public init(
        record: RecordKey, mailbox: MailboxAddress, itemID: String?, change: Change, expectedVersion: RecordVersion?
    ) {
        self.record = record
        self.mailbox = mailbox
        self.itemID = itemID
        self.change = change
        self.expectedVersion = expectedVersion
    }
}
