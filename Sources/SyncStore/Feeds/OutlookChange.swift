import Foundation
import SyncEngine

/// An entry of the Outlook→CRM change feed the ERP reads: a record created, updated or
/// deleted on the Outlook side, with the fields that changed.
public struct OutlookChange: Sendable, Hashable, Codable {
    public enum Operation: String, Sendable, Hashable, Codable {
        case created
        case updated
        case deleted
    }

    public var position: FeedPosition
    public var record: RecordKey
    public var operation: Operation
    /// New values of the fields that were set (all fields for `created`, none for `deleted`).
    public var fields: FieldSet
    /// Fields that were cleared.
    public var clearedFields: Set<String>
    /// The mailbox where the change was made.
    public var mailbox: MailboxAddress
    public var itemID: String?
    /// The record's version after the change: the ERP's next `If-Match`.
    public var recordVersion: RecordVersion
    public var occurredAt: Date

    public init(
        position: FeedPosition, record: RecordKey, operation: Operation, fields: FieldSet, clearedFields: Set<String>,
        mailbox: MailboxAddress, itemID: String?, recordVersion: RecordVersion, occurredAt: Date
    ) {
        self.position = position
        self.record = record
        self.operation = operation
        self.fields = fields
        self.clearedFields = clearedFields
        self.mailbox = mailbox
        self.itemID = itemID
        self.recordVersion = recordVersion
        self.occurredAt = occurredAt
    }
}
