import Foundation
import SyncEngine

/// Whether a mailbox takes part in synchronization.
public enum MailboxState: String, Sendable, Hashable, Codable, CaseIterable {
    case enrolled
    case disabled
}

/// The last failed synchronization of a mailbox, as an operator sees it.
public struct MailboxSyncFailure: Sendable, Hashable, Codable {
    /// A one-line message (no secrets, no field values).
    public var message: String
    /// Detail for diagnosis: upstream error code, request id, what to do.
    public var diagnostic: String?
    public var at: Date

    public init(message: String, diagnostic: String?, at: Date) {
        self.message = message
        self.diagnostic = diagnostic
        self.at = at
    }
}

/// An enrolled mailbox and how its synchronization is going.
public struct MailboxStatus: Sendable, Hashable, Codable {
    public var environment: String
    public var address: MailboxAddress
    public var state: MailboxState
    public var enrolledAt: Date
    public var lastAttemptAt: Date?
    public var lastSuccessAt: Date?
    /// The last failure, cleared by the next success.
    public var lastFailure: MailboxSyncFailure?
    /// Linked items in the mailbox, by entity (entities with none are absent).
    public var itemCounts: [EntityKind: Int]
    /// Records whose Outlook write the server refused (see ``FailedItem``), retrying or quarantined.
    public var failedItems: Int

    public init(
        environment: String, address: MailboxAddress, state: MailboxState, enrolledAt: Date,
        lastAttemptAt: Date?, lastSuccessAt: Date?, lastFailure: MailboxSyncFailure?, itemCounts: [EntityKind: Int],
        failedItems: Int = 0
    ) {
        self.environment = environment
        self.address = address
        self.state = state
        self.enrolledAt = enrolledAt
        self.lastAttemptAt = lastAttemptAt
        self.lastSuccessAt = lastSuccessAt
        self.lastFailure = lastFailure
        self.itemCounts = itemCounts
        self.failedItems = failedItems
    }
}
