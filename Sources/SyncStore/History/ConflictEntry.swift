import Foundation
import SyncEngine

/// Which side's value a conflict kept.
public enum ConflictWinner: String, Sendable, Hashable, Codable {
    case crm
    case outlook
}

/// One field changed on both sides.
public struct ConflictField: Sendable, Hashable, Codable {
    public var name: String
    public var base: FieldValue?
    public var crm: FieldValue?
    public var outlook: FieldValue?

    public init(name: String, base: FieldValue?, crm: FieldValue?, outlook: FieldValue?) {
        self.name = name
        self.base = base
        self.crm = crm
        self.outlook = outlook
    }
}

/// A conflict to record: fields changed on both sides of a link, decided by a policy.
public struct Conflict: Sendable, Hashable, Codable {
    public var mailbox: MailboxAddress
    public var record: RecordKey
    public var itemID: String?
    public var fields: [ConflictField]
    /// The policy that decided (`crm-wins`, `outlook-wins`, `latest-wins`).
    public var policy: String
    public var winner: ConflictWinner

    public init(
        mailbox: MailboxAddress, record: RecordKey, itemID: String?, fields: [ConflictField], policy: String,
        winner: ConflictWinner
    ) {
        self.mailbox = mailbox
        self.record = record
        self.itemID = itemID
        self.fields = fields
        self.policy = policy
        self.winner = winner
    }
}

/// A recorded conflict.
public struct ConflictEntry: Sendable, Hashable, Codable {
    public var id: Int64
    public var environment: String
    public var runID: RunID?
    public var detectedAt: Date
    public var conflict: Conflict

    public init(id: Int64, environment: String, runID: RunID?, detectedAt: Date, conflict: Conflict) {
        self.id = id
        self.environment = environment
        self.runID = runID
        self.detectedAt = detectedAt
        self.conflict = conflict
    }
}

/// Which conflicts to read: every criterion given must match. Newest first.
public struct ConflictQuery: Sendable, Hashable {
    public var mailbox: MailboxAddress?
    public var record: RecordKey?
    public var before: Int64?
    public var limit: Int

    public init(mailbox: MailboxAddress? = nil, record: RecordKey? = nil, before: Int64? = nil, limit: Int = 100) {
        self.mailbox = mailbox
        self.record = record
        self.before = before
        self.limit = limit
    }
}
