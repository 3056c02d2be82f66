/// Conflicts the operator can see. They are written by a ``UnitOfWork``.
public protocol ConflictStore: Sendable {
    /// Matching conflicts, newest first.
    func conflicts(environment: String, matching query: ConflictQuery) async throws -> [ConflictEntry]
}
