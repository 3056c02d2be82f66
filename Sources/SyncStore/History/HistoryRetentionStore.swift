import Foundation

/// Keeps the history from growing without bound.
public protocol HistoryRetentionStore: Sendable {
    /// Removes decisions, conflicts and finished runs older than `date`, webhook outbox entries
    /// delivered before it, and intents resolved before it (a pending intent is always kept). The change feeds are kept: the store cannot know how far
    /// the ERP has read.
    @discardableResult
    func pruneHistory(environment: String, before date: Date) async throws -> HistoryPruning
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
