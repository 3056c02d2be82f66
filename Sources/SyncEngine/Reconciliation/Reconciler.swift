import Foundation

/// Plans the reconciliation of one mailbox for one entity kind. Pure: the same input and `now` give the same plan.
///
/// ```swift
/// let plan = Reconciler(policy: policy).plan(input, now: clock.now)
/// for step in plan.steps { /* persist intent, write Outlook, write CRM, commit link */ }
/// ```
public struct Reconciler: Sendable {
    public var policy: SyncPolicy

    public init(policy: SyncPolicy) { self.policy = policy }

    /// Decides, for every record and item in `input`, what to write and why.
    public func plan(_ input: ReconciliationInput, now: Date) -> SyncPlan {
        var run = ReconciliationRun(policy: policy, input: input, now: now)
        return run.plan()
    }
}
