import SyncEngine

/// The history of synchronization runs.
public protocol RunHistoryStore: Sendable {
    /// Records the start of a run.
    func startRun(environment: String, mailbox: MailboxAddress?, worker: String?) async throws -> RunID

    /// Records the end of a run that did not commit a unit of work (a failure, an abandon).
    /// A successful run ends in its unit of work with ``UnitOfWork/finishRun(_:outcome:counts:error:)``.
    func finishRun(environment: String, id: RunID, outcome: RunOutcome, counts: RunCounts, error: String?) async throws

    func run(environment: String, id: RunID) async throws -> RunRecord?

    /// Runs newest first, optionally of one mailbox.
    func runs(environment: String, mailbox: MailboxAddress?, limit: Int) async throws -> [RunRecord]
}
