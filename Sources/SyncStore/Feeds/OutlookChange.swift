import Foundation
import SyncEngine

/// An entry of the Outlook→CRM change feed the ERP reads: a record created, updated or
/// deleted on the Outlook side, with the fields that changed; or a record that could not be
/// written to a mailbox (`failed`, with the server's reason: see `FailedItem`).
public struct OutlookChange: Sendable, Hashable, Codable {
    public enum Operation: String, Sendable, Hashable, Codable {
        case created
        case updated
        case deleted
        /// The mailbox's Outlook refused the record's write until quarantine; nothing changed.
        case failed
    }

    /// Why a `failed` entry's record is not in the mailbox, and what to do.
    public struct Failure: Sendable, Hashable, Codable {
        public var code: String
        public var message: String
        public var remedy: String
        /// The failed item's id in `…/failures`.
        public var failedItemID: Int64

        public init(code: String, message: String, remedy: String, failedItemID: Int64) {
            self.code = code
            self.message = message
            self.remedy = remedy
            self.failedItemID = failedItemID
        }
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
    /// For `failed` entries only.
    public var failure: Failure?

    public init(
        position: FeedPosition, record: RecordKey, operation: Operation, fields: FieldSet, clearedFields: Set<String>,
        mailbox: MailboxAddress, itemID: String?, recordVersion: RecordVersion, occurredAt: Date, failure: Failure? = nil
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
        self.failure = failure
    }
}
