import Foundation
import SyncEngine

/// The id of a synchronization run.
public struct RunID: RawRepresentable, Sendable, Hashable, Codable, Comparable {
    public var rawValue: Int64
    public init(rawValue: Int64) { self.rawValue = rawValue }
    public static func < (lhs: RunID, rhs: RunID) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// How a run ended.
public enum RunOutcome: String, Sendable, Hashable, Codable {
    case running
    case succeeded
    case failed
    /// Stopped on purpose (shutdown, lease lost) with nothing half-applied.
    case abandoned
}

/// What a run did.
public struct RunCounts: Sendable, Hashable, Codable {
    public var itemsCreated: Int
    public var itemsUpdated: Int
    public var itemsDeleted: Int
    public var recordsCreated: Int
    public var recordsUpdated: Int
    public var recordsDeleted: Int
    public var conflicts: Int
    public var skipped: Int

    public init(
        itemsCreated: Int = 0, itemsUpdated: Int = 0, itemsDeleted: Int = 0, recordsCreated: Int = 0,
        recordsUpdated: Int = 0, recordsDeleted: Int = 0, conflicts: Int = 0, skipped: Int = 0
    ) {
        self.itemsCreated = itemsCreated
        self.itemsUpdated = itemsUpdated
        self.itemsDeleted = itemsDeleted
        self.recordsCreated = recordsCreated
        self.recordsUpdated = recordsUpdated
        self.recordsDeleted = recordsDeleted
        self.conflicts = conflicts
        self.skipped = skipped
    }
}

/// One synchronization run (a cycle of one mailbox, or of a whole environment).
public struct RunRecord: Sendable, Hashable, Codable {
    public var id: RunID
    public var environment: String
    public var mailbox: MailboxAddress?
    /// The worker that ran it.
    public var worker: String?
    public var startedAt: Date
    public var finishedAt: Date?
    public var outcome: RunOutcome
    public var counts: RunCounts
    /// Why it failed (no secrets).
    public var error: String?

    public init(
        id: RunID, environment: String, mailbox: MailboxAddress?, worker: String?, startedAt: Date, finishedAt: Date?,
        outcome: RunOutcome, counts: RunCounts, error: String?
    ) {
        self.id = id
        self.environment = environment
        self.mailbox = mailbox
        self.worker = worker
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.outcome = outcome
        self.counts = counts
        self.error = error
    }
}
