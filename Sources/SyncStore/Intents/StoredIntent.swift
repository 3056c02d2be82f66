import Foundation
import SyncEngine

/// An item we are about to create, persisted before the create call so that a crash between
/// the create and the commit is recovered by finding the tagged item, not by creating again.
public struct StoredIntent: Sendable, Hashable, Codable {
    public enum State: String, Sendable, Hashable, Codable {
        case pending
        /// The item was created and linked.
        case completed
        /// Given up (the record went away, or recovery found nothing to do).
        case abandoned
    }

    /// Chosen by the caller (a UUID).
    public var id: String
    public var environment: String
    public var mailbox: MailboxAddress
    public var record: RecordKey
    /// The tag value the created item carries.
    public var tag: String
    /// The fields the item is created with: the link's base once the item is found or confirmed.
    public var fields: FieldSet
    public var createdAt: Date
    public var state: State

    public init(
        id: String, environment: String, mailbox: MailboxAddress, record: RecordKey, tag: String, fields: FieldSet = [:], createdAt: Date,
        state: State
    ) {
        self.id = id
        self.environment = environment
        self.mailbox = mailbox
        self.record = record
        self.tag = tag
        self.fields = fields
        self.createdAt = createdAt
        self.state = state
    }
}
