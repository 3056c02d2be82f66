/// The workers sharing the store, so that they can share its mailboxes out among themselves and
/// notice when one of them dies.
///
/// Expiry is judged by the store's clock, like leases', so that workers on several machines agree.
public protocol WorkerMembershipStore: Sendable {
    /// Says that `worker` is alive for `duration` more (registering it the first time), forgets
    /// workers that lapsed more than a day ago, and returns every worker still registered, live
    /// or lapsed, in name order.
    func announceWorker(_ worker: String, duration: Duration) async throws -> [WorkerMembership]

    /// The registered workers, live or lapsed, in name order.
    func workers() async throws -> [WorkerMembership]

    /// Removes the worker at graceful shutdown, so that the others take its share at once.
    func withdrawWorker(_ worker: String) async throws
}
