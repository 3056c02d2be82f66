import Foundation
import SyncEngine
import SyncStore

/// What one cycle of one mailbox did: the answer of `syncNow` and a line of `sync --once`.
public struct SyncRunSummary: Sendable, Hashable, Codable {
    public enum Outcome: String, Sendable, Hashable, Codable {
        case succeeded
        case failed
        /// Stopped before its commit (shutdown, lease lost): nothing was half-applied.
        case abandoned
        /// Another worker holds the mailbox's lease: this one did not run.
        case busy
    }

    public var environment: String
    public var mailbox: MailboxAddress
    /// The run in the store's history (`nil` when the cycle never started one).
    public var runID: Int64?
    public var outcome: Outcome
    public var startedAt: Date
    public var finishedAt: Date
    /// Outlook items read (changes, and tagged items found for recovery).
    public var itemsRead: Int
    /// CRM records read.
    public var recordsRead: Int
    /// Writes sent to Outlook (creates, updates, deletes).
    public var outlookWrites: Int
    /// Changes applied to CRM records.
    public var crmWrites: Int
    public var counts: RunCounts
    /// Outlook writes found stale, or refused: retried by the next cycle.
    public var deferred: Int
    /// The writes the server refused in this cycle, as the failed-item ledger holds them after it
    /// (attempts, and whether they are now quarantined).
    public var failedItems: [FailedItem]
    /// Kinds read again from the beginning because Exchange rejected their cursor.
    public var fullResyncs: [EntityKind]
    /// Why it failed, in words for an operator (never a secret).
    public var error: String?

    public init(
        environment: String, mailbox: MailboxAddress, runID: Int64?, outcome: Outcome, startedAt: Date,
        finishedAt: Date, itemsRead: Int = 0, recordsRead: Int = 0, outlookWrites: Int = 0, crmWrites: Int = 0,
        counts: RunCounts = RunCounts(), deferred: Int = 0, failedItems: [FailedItem] = [], fullResyncs: [EntityKind] = [],
        error: String? = nil
    ) {
        self.environment = environment
        self.mailbox = mailbox
        self.runID = runID
        self.outcome = outcome
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.itemsRead = itemsRead
        self.recordsRead = recordsRead
        self.outlookWrites = outlookWrites
        self.crmWrites = crmWrites
        self.counts = counts
        self.deferred = deferred
        self.failedItems = failedItems
        self.fullResyncs = fullResyncs
        self.error = error
    }

    /// Whether the cycle wrote anything to either side.
    public var wroteAnything: Bool { outlookWrites > 0 || crmWrites > 0 }
}
