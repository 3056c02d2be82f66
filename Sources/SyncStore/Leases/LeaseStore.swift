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
}
