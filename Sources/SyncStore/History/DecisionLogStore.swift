/// The decision log: "why is this item as it is?". Decisions are written by a ``UnitOfWork``.
public protocol DecisionLogStore: Sendable {
    /// Matching decisions, newest first.
    func decisions(environment: String, matching query: DecisionQuery) async throws -> [DecisionEntry]
}
