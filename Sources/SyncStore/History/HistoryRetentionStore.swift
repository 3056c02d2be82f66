import Foundation

/// Keeps the history from growing without bound.
public protocol HistoryRetentionStore: Sendable {
    /// Removes decisions, conflicts and finished runs older than `date`, webhook outbox entries
    /// delivered before it, and intents resolved before it (a pending intent is always kept). The change feeds are kept: the store cannot know how far
    /// the ERP has read.
    @discardableResult
    func pruneHistory(environment: String, before date: Date) async throws -> HistoryPruning

    /// Removes change-feed entries recorded before `date` that no reader needs any more:
    /// - CRM feed entries that every consumer (each mailbox's cycle, enrolled or disabled, and the
    ///   environment's) has read past;
    /// - Outlook feed entries whose webhook, when the environment delivers them, went out. The
    ///   ERP reading the feed through the API is told when its position was pruned
    ///   (``SyncStoreError/feedPruned(environment:position:oldest:)``).
    /// Deletes in short transactions of at most `batchSize` rows, so that a cycle never waits long.
    @discardableResult
    func pruneFeeds(environment: String, before date: Date, batchSize: Int) async throws -> FeedPruning

    /// Removes tombstones of records deleted before `date` whose delete every CRM feed consumer
    /// has read (a mailbox that has not read it yet still needs the tombstone's version).
    @discardableResult
    func purgeReadTombstones(environment: String, before date: Date) async throws -> Int
}

/// How many feed entries ``HistoryRetentionStore/pruneFeeds(environment:before:batchSize:)`` removed.
public struct FeedPruning: Sendable, Hashable, Codable {
    public var crmChanges: Int
    public var outlookChanges: Int

    public init(crmChanges: Int, outlookChanges: Int) {
        self.crmChanges = crmChanges
        self.outlookChanges = outlookChanges
    }
}

/// How many rows ``HistoryRetentionStore/pruneHistory(environment:before:)`` removed.
public struct HistoryPruning: Sendable, Hashable, Codable {
    public var decisions: Int
    public var conflicts: Int
    public var runs: Int
    public var webhookDeliveries: Int
    /// Intents completed or abandoned (each attempt at creating an item has its own).
    public var resolvedIntents: Int

    public init(decisions: Int, conflicts: Int, runs: Int, webhookDeliveries: Int, resolvedIntents: Int = 0) {
        self.decisions = decisions
        self.conflicts = conflicts
        self.runs = runs
        self.webhookDeliveries = webhookDeliveries
        self.resolvedIntents = resolvedIntents
    }
}
