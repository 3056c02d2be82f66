/// Leases that share work among several workers ("which worker syncs which mailbox").
///
/// Expiry is judged by the store's clock, so that workers on several machines agree.
public protocol LeaseStore: Sendable {
    /// Takes the resource for `duration` if it is free or its lease ran out; the current
    /// holder asking again renews its lease. Returns `nil` when another worker holds it.
    func acquireLease(_ resource: LeaseResource, holder: String, duration: Duration) async throws -> Lease?

    /// Extends a lease still held; throws ``SyncStoreError/leaseLost(resource:holder:)`` otherwise.
    func renewLease(_ lease: Lease, duration: Duration) async throws -> Lease

    /// Gives the resource up. Releasing a lease already lost does nothing.
    func releaseLease(_ lease: Lease) async throws

    /// The unexpired lease on the resource, if any.
    func currentLease(_ resource: LeaseResource) async throws -> Lease?

    /// The unexpired leases on the resources whose name starts with `prefix` (for instance
    /// ``LeaseResource/mailboxes(environment:)``), in resource order.
    func currentLeases(prefix: String) async throws -> [Lease]

    /// Throws ``SyncStoreError/leaseLost(resource:holder:)`` unless `lease` is still the
    /// resource's unexpired lease: a worker asks before each write it cannot take back.
    func confirmLease(_ lease: Lease) async throws

    /// Frees the resource from `lease`, held by a worker known to be dead, so that it can be
    /// acquired at once (with a bigger fencing token). Does nothing, and returns `false`, when
    /// the resource has changed hands since `lease` was read.
    func breakLease(_ lease: Lease) async throws -> Bool
}
