/// Commits units of work atomically.
public protocol UnitOfWorkStore: Sendable {
    /// Applies every operation of `work`, in order, in one transaction: either all of them
    /// are durable when this returns, or none is and the error says why.
    @discardableResult
    func commit(_ work: UnitOfWork) async throws -> CommitReceipt
}

extension UnitOfWorkStore {
    /// Builds a unit of work in `build` and commits it.
    @discardableResult
    public func perform(
        environment: String, lease: Lease? = nil, runID: RunID? = nil, _ build: (inout UnitOfWork) throws -> Void
    ) async throws -> CommitReceipt {
        var work = UnitOfWork(environment: environment, lease: lease, runID: runID)
        try build(&work)
        return try await commit(work)
    }
}
