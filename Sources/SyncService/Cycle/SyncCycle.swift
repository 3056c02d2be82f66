import Foundation
import SyncEngine
import SyncStore

/// One synchronization of one mailbox of one environment, for every kind its policy enables.
///
/// 1. Reads the links, pending intents and cursors; the Outlook changes of each kind's folder
///    since its cursor (every page); the CRM changes since the mailbox's feed position.
/// 2. Searches the mailbox for the tags of pending intents (a create interrupted before its
///    commit) and of linked items that vanished from the read (moved, or removed before we read
///    them back: see `VanishedItems`), and loads the records named by the tags of unlinked items.
/// 3. Plans each kind with the `Reconciler`.
/// 4. Persists the intents of the creates (an id per attempt), *then* writes to Outlook, and
///    notes on their links the updates Exchange accepted (`UncommittedWrite`).
/// 5. Commits one `UnitOfWork`: links, CRM changes, intents resolved, decisions, conflicts,
///    cursors (compare-and-set), the run's end and the mailbox's success. Until that commit
///    nothing is advanced, so a cycle interrupted anywhere is planned again from the same point,
///    and every write it already made is found again (an update by the change key noted on its
///    link, a create by its tag).
///
/// A first sync of a kind runs these steps a page at a time, each page committed in a unit of
/// work of its own, and keeps for the last step (committed with the cycle) only what needs every
/// page: the items of the records no page paired, the absent linked items, the cursor
/// (`CyclePass.planCompleteReadInPages`). Memory then follows a page, not the mailbox.
///
/// An Outlook write that finds its item stale or vanished, or that fails for a passing reason
/// (throttling, a transient error), defers its step: the link is left alone, the step's CRM write
/// is not made, and the cursors the step depends on stay where they were, so the next cycle reads
/// it again. A write the server *refuses* (the data is at fault) is a failed item: it is deferred
/// the same way and counted, and at `failedWriteAttempts` it is quarantined: its step is given up,
/// the cursors move on, and it is written again only when either side changes it or an operator
/// asks for a retry (see `FailedItem`).
public struct SyncCycle: Sendable {
    public var environment: String
    public var mailbox: MailboxAddress
    public var policy: SyncPolicy
    public var store: any SyncStore
    public var connector: any MailboxConnector
    /// The mailbox's lease, checked again at commit time (`nil`: a single worker).
    public var lease: Lease?
    /// The worker's name in the run history.
    public var worker: String?
    /// The kinds to synchronize; kinds whose direction is `off` are left out.
    public var kinds: [EntityKind]
    public var clock: @Sendable () -> Date
    /// Changes read per page, from Exchange and from the CRM feed.
    public var pageSize: Int
    public var progress: SyncProgressHandler?
    /// Attempts of a write the server refuses before it is quarantined (3 by default).
    public var failedWriteAttempts: Int
    /// Runs after the Outlook writes, before the commit: tests interrupt the cycle there (a
    /// crash between CreateItem and the commit).
    var beforeCommit: (@Sendable () async throws -> Void)?

    public init(
        environment: String, mailbox: MailboxAddress, policy: SyncPolicy, store: any SyncStore,
        connector: any MailboxConnector, lease: Lease? = nil, worker: String? = nil,
        kinds: [EntityKind] = EntityKind.allCases, clock: @escaping @Sendable () -> Date = { Date() },
        pageSize: Int = 512, progress: SyncProgressHandler? = nil, failedWriteAttempts: Int = 3
    ) {
        self.environment = environment
        self.mailbox = mailbox
        self.policy = policy
        self.store = store
        self.connector = connector
        self.lease = lease
        self.worker = worker
        self.kinds = kinds
        self.clock = clock
        self.pageSize = pageSize
        self.progress = progress
        self.failedWriteAttempts = max(1, failedWriteAttempts)
    }

    /// The kinds this cycle reads and writes.
    var enabledKinds: [EntityKind] { kinds.filter { policy.policy(for: $0).direction != .off }.sorted() }

    /// Runs the cycle and commits its results.
    ///
    /// - Throws: `SyncCycleError`, after recording the failure in the run history and on the
    ///   mailbox status (a cancellation or a lost lease is recorded as abandoned, not as a failure).
    @discardableResult
    public func run() async throws(SyncCycleError) -> SyncRunSummary {
        let startedAt = clock()
        let runID: RunID
        do {
            runID = try await store.startRun(environment: environment, mailbox: mailbox, worker: worker)
        } catch {
            throw SyncCycleError(environment: environment, mailbox: mailbox, stage: .starting, underlying: error)
        }
        var attempt = 0
        while true {
            attempt += 1
            var pass = CyclePass(cycle: self, runID: runID, startedAt: startedAt)
            do {
                return try await pass.run()
            } catch let failure {
                // The ERP changed a record between our read and our commit: merge again with it
                // (the Outlook writes already made are recognised by their change keys).
                if attempt < 3, case .preconditionFailed? = failure.underlying as? SyncStoreError { continue }
                await record(failure, runID: runID, counts: pass.counts)
                throw failure
            }
        }
    }

    private func record(_ failure: SyncCycleError, runID: RunID, counts: RunCounts) async {
        let abandoned = failure.isCancellation || failure.isLeaseLost
        try? await store.finishRun(
            environment: environment, id: runID, outcome: abandoned ? .abandoned : .failed, counts: counts,
            error: failure.message)
        if !abandoned {
            var diagnostic = failure.remedy
            if let code = failure.upstreamCode { diagnostic = "\(code): \(diagnostic)" }
            try? await store.recordSyncFailure(
                environment: environment, address: mailbox, message: failure.message, diagnostic: diagnostic)
        }
    }

    func report(_ phase: SyncProgress.Phase, kind: EntityKind? = nil, read: Int, planned: Int = 0, written: Int = 0) {
        progress?(
            SyncProgress(
                environment: environment, mailbox: mailbox, phase: phase, kind: kind, itemsRead: read,
                writesPlanned: planned, itemsWritten: written))
    }
}
