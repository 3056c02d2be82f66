import SyncStore

extension WorkerMembership {
    /// Live by the store's clock, and not a process of this host known to be gone (a worker
    /// killed here is dead at once, without waiting for its membership to lapse).
    public var isAlive: Bool { isLive && WorkerIdentity(worker)?.isDeadProcessOfThisHost != true }
}
