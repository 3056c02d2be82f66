import Foundation
import SyncEngine

/// An entry of the CRM change feed: a record changed, the sync service should look at it.
public struct CRMChange: Sendable, Hashable, Codable {
    public enum Operation: String, Sendable, Hashable, Codable {
        case upsert
        case delete
    }

    public var position: FeedPosition
    public var record: RecordKey
    public var operation: Operation
    /// The record's version after the change.
    public var version: RecordVersion
    /// Names of the fields whose values changed.
    public var changedFields: Set<String>
    public var ownersAdded: Set<MailboxAddress>
    /// Mailboxes that lost the record: their item must go (from that mailbox only).
    public var ownersRemoved: Set<MailboxAddress>
    public var origin: ChangeOrigin
    public var recordedAt: Date
    /// The record's owners just after the change (`nil` for entries written before the store kept them).
    public var owners: Set<MailboxAddress>?

    public init(
        position: FeedPosition, record: RecordKey, operation: Operation, version: RecordVersion,
        changedFields: Set<String>, ownersAdded: Set<MailboxAddress>, ownersRemoved: Set<MailboxAddress>,
        origin: ChangeOrigin, recordedAt: Date, owners: Set<MailboxAddress>? = nil
    ) {
        self.position = position
        self.record = record
        self.operation = operation
        self.version = version
        self.changedFields = changedFields
        self.ownersAdded = ownersAdded
        self.ownersRemoved = ownersRemoved
        self.origin = origin
        self.recordedAt = recordedAt
        self.owners = owners
    }

    /// Whether the change can matter to `mailbox`: it owns the record, gained it or lost it. A
    /// mailbox's cycle reads only these, so its cost follows its own records, not the environment's.
    public func concerns(_ mailbox: MailboxAddress) -> Bool {
        guard let owners else { return true }
        return owners.contains(mailbox) || ownersAdded.contains(mailbox) || ownersRemoved.contains(mailbox)
    }
}
