import Foundation
import SyncEngine

/// An `email` record as the store keeps it: one per environment and `InternetMessageId`.
public struct StoredEmail: Sendable, Hashable {
    public var environment: String
    public var internetMessageID: String
    /// The record's id as the ERP sees it (`email-<n>`, assigned once by the store).
    public var recordID: RecordID
    /// The record's fields (`TrackedEmail.fields`), `mailboxes` included.
    public var fields: FieldSet
    public var mailboxes: [MailboxAddress]
    public var conversationID: String?
    /// 1 when created; each new mailbox adds one.
    public var version: Int
    /// Where the record stands in the environment's e-mail feed: moved to the end at each change.
    public var position: Int64
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        environment: String, internetMessageID: String, recordID: RecordID, fields: FieldSet, mailboxes: [MailboxAddress],
        conversationID: String?, version: Int, position: Int64, createdAt: Date, updatedAt: Date
    ) {
        self.environment = environment
        self.internetMessageID = internetMessageID
        self.recordID = recordID
        self.fields = fields
        self.mailboxes = mailboxes
        self.conversationID = conversationID
        self.version = version
        self.position = position
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// A feed reader's view: `created` for the first version, `updated` after.
    public var isCreation: Bool { version == 1 }
}

/// What storing a planned step did.
public enum EmailWriteOutcome: Sendable, Hashable {
    case created(StoredEmail)
    /// A new mailbox was added to the record.
    case updated(StoredEmail)
    /// Already there (a replayed page): nothing changed.
    case unchanged(StoredEmail)
    /// A sighting of a message the store does not track (the step was planned from a stale ledger).
    case unknown
}
