import Foundation
import SyncEngine

/// An entry of the Outlook→CRM change feed the ERP reads: a record created, updated or
/// deleted on the Outlook side, with the fields that changed; a record that could not be
/// written to a mailbox (`failed`, with the server's reason: see `FailedItem`); or an e-mail
/// tracked from a mailbox (`email`: `created`, then `updated` when another mailbox holds it too).
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
    public var kind: RecordKind
    public var recordID: RecordID
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
        position: FeedPosition, kind: RecordKind, recordID: RecordID, operation: Operation, fields: FieldSet,
        clearedFields: Set<String>, mailbox: MailboxAddress, itemID: String?, recordVersion: RecordVersion, occurredAt: Date,
        failure: Failure? = nil
    ) {
        self.position = position
        self.kind = kind
        self.recordID = recordID
        self.operation = operation
        self.fields = fields
        self.clearedFields = clearedFields
        self.mailbox = mailbox
        self.itemID = itemID
        self.recordVersion = recordVersion
        self.occurredAt = occurredAt
        self.failure = failure
    }

    public init(
        position: FeedPosition, record: RecordKey, operation: Operation, fields: FieldSet, clearedFields: Set<String>,
        mailbox: MailboxAddress, itemID: String?, recordVersion: RecordVersion, occurredAt: Date, failure: Failure? = nil
    ) {
        self.init(
            position: position, kind: RecordKind(record.entity), recordID: record.id, operation: operation, fields: fields,
            clearedFields: clearedFields, mailbox: mailbox, itemID: itemID, recordVersion: recordVersion,
            occurredAt: occurredAt, failure: failure)
    }

    /// The two-way record the entry is about, or `nil` for a tracked e-mail.
    public var record: RecordKey? { kind.synchronized.map { RecordKey($0, recordID) } }
}
