import Foundation
import SyncEngine

/// What a cycle decided about an item or a record. An open vocabulary: the engine names
/// its decisions, the store keeps them.
public struct DecisionAction: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let create = DecisionAction(rawValue: "create")
    public static let update = DecisionAction(rawValue: "update")
    public static let delete = DecisionAction(rawValue: "delete")
    public static let link = DecisionAction(rawValue: "link")
    public static let unlink = DecisionAction(rawValue: "unlink")
    public static let skip = DecisionAction(rawValue: "skip")
    /// The server refused the Outlook write (see ``FailedItem``).
    public static let refused = DecisionAction(rawValue: "refused")

    public var description: String { rawValue }
}

/// Which side a decision writes to.
public enum DecisionTarget: String, Sendable, Hashable, Codable {
    case outlook
    case crm
    case both
    case neither
}

/// A decision to log: what was done to which item or record, and why.
public struct Decision: Sendable, Hashable, Codable {
    public var mailbox: MailboxAddress?
    public var record: RecordKey
    public var itemID: String?
    public var action: DecisionAction
    public var target: DecisionTarget
    /// The fields the decision writes.
    public var fields: [String]
    /// Why, in a sentence an operator understands ("skip because the item has no Prextra category").
    public var reason: String

    public init(
        mailbox: MailboxAddress?, record: RecordKey, itemID: String?, action: DecisionAction, target: DecisionTarget,
        fields: [String] = [], reason: String
    ) {
        self.mailbox = mailbox
        self.record = record
        self.itemID = itemID
        self.action = action
        self.target = target
        self.fields = fields
        self.reason = reason
    }
}

/// A logged decision.
public struct DecisionEntry: Sendable, Hashable, Codable {
    /// Increasing in log order.
    public var id: Int64
    public var environment: String
    public var runID: RunID?
    public var decidedAt: Date
    public var decision: Decision

    public init(id: Int64, environment: String, runID: RunID?, decidedAt: Date, decision: Decision) {
        self.id = id
        self.environment = environment
        self.runID = runID
        self.decidedAt = decidedAt
        self.decision = decision
    }
}

/// Which decisions to read: every criterion given must match. Newest first.
public struct DecisionQuery: Sendable, Hashable {
    public var mailbox: MailboxAddress?
    public var record: RecordKey?
    public var itemID: String?
    public var runID: RunID?
    /// Only entries older than this id (the last id of the previous page).
    public var before: Int64?
    public var limit: Int

    public init(
        mailbox: MailboxAddress? = nil, record: RecordKey? = nil, itemID: String? = nil, runID: RunID? = nil,
        before: Int64? = nil, limit: Int = 100
    ) {
        self.mailbox = mailbox
        self.record = record
        self.itemID = itemID
        self.runID = runID
        self.before = before
        self.limit = limit
    }
}
