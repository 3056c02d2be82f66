import Foundation
import SyncEngine

/// An Outlook write the server refused for one record in one mailbox (an appointment ending
/// before it starts, a field Exchange rejects), as operators and the ERP see it.
///
/// While its attempts are below the limit the failure is *retrying*: the cycle keeps the cursors
/// its step depends on and writes it again next time. At the limit it is *quarantined*: the rest of
/// the mailbox moves on, and the write is tried again only when either side changes the record or
/// its item, or when an operator asks for a retry. A write that succeeds removes it.
public struct FailedItem: Sendable, Hashable, Codable {
    public enum State: String, Sendable, Hashable, Codable {
        case retrying
        case quarantined
    }

    /// Stable while the failure lasts; names it in `…/failures/{id}`.
    public var id: Int64
    public var environment: String
    public var mailbox: MailboxAddress
    public var record: RecordKey
    public var itemID: String?
    /// What was refused: `create`, `update` or `delete` of the Outlook item.
    public var operation: String
    /// The server's code (`ErrorCalendarEndDateIsEarlierThanStartDate`, …).
    public var code: String
    /// The server's message (never a secret, never a field value of ours).
    public var message: String
    /// What to do about it.
    public var remedy: String
    public var attempts: Int
    public var state: State
    public var firstFailedAt: Date
    public var lastFailedAt: Date

    public init(
        id: Int64, environment: String, mailbox: MailboxAddress, record: RecordKey, itemID: String?, operation: String,
        code: String, message: String, remedy: String, attempts: Int, state: State, firstFailedAt: Date, lastFailedAt: Date
    ) {
        self.id = id
        self.environment = environment
        self.mailbox = mailbox
        self.record = record
        self.itemID = itemID
        self.operation = operation
        self.code = code
        self.message = message
        self.remedy = remedy
        self.attempts = attempts
        self.state = state
        self.firstFailedAt = firstFailedAt
        self.lastFailedAt = lastFailedAt
    }
}

/// A refused write, as a cycle records it in its unit of work.
public struct RefusedWrite: Sendable, Hashable, Codable {
    public var mailbox: MailboxAddress
    public var record: RecordKey
    public var itemID: String?
    public var operation: String
    public var code: String
    public var message: String
    public var remedy: String
    /// Attempts after which the failure is quarantined.
    public var maxAttempts: Int

    public init(
        mailbox: MailboxAddress, record: RecordKey, itemID: String?, operation: String, code: String, message: String,
        remedy: String, maxAttempts: Int
    ) {
        self.mailbox = mailbox
        self.record = record
        self.itemID = itemID
        self.operation = operation
        self.code = code
        self.message = message
        self.remedy = remedy
        self.maxAttempts = max(1, maxAttempts)
    }
}
