import Foundation

/// Keeps the history from growing without bound.
public protocol HistoryRetentionStore: Sendable {
    /// Removes decisions, conflicts and finished runs older than `date`, and webhook outbox
    /// entries delivered before it. The change feeds are kept: the store cannot know how far
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

    public init(decisions: Int, conflicts: Int, runs: Int, webhookDeliveries: Int) {
        self.decisions = decisions
        self.conflicts = conflicts
        self.runs = runs
        self.webhookDeliveries = webhookDeliveries
    }
}
