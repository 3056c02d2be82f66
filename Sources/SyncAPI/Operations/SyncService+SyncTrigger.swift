import SyncEngine
import SyncService
import SyncStore

extension SyncService: SyncTrigger {
    /// Starts the cycles in a task of their own and answers at once: an API request does not
    /// wait for Exchange. For one mailbox whose lease a worker holds, the answer is
    /// `already-running` with the holder and the lease's expiry: this worker runs one more cycle
    /// after its own; another worker's cycle reads the change on its own (a dead process of this
    /// host holds nothing: its lease is taken back and the cycle starts).
    public func requestSync(environment name: String, mailbox: MailboxAddress?) async throws -> SyncRequestReceipt {
        guard let environment = environment(named: name) else {
            throw SyncOperationsError.environmentUnavailable(
                environment: name, reason: "the sync service does not run it (see prextra-sync config check).")
        }
        if let mailbox {
            guard let status = try await store.mailbox(environment: environment.name, address: mailbox), status.state == .enrolled
            else { throw SyncOperationsError.mailboxNotEnrolled(environment: environment.name, mailbox: mailbox) }
            let lease = try await store.currentLease(.mailbox(environment: environment.name, address: mailbox))
            if let lease, lease.holder != settings.worker, WorkerIdentity(lease.holder)?.isDeadProcessOfThisHost != true {
                return SyncRequestReceipt(
                    environment: environment.name, mailboxes: [mailbox.rawValue], status: "already-running",
                    holder: lease.holder, leaseExpiresAt: lease.expiresAt)
            }
            if startCycle(environment: environment, mailbox: mailbox) {
                return SyncRequestReceipt(environment: environment.name, mailboxes: [mailbox.rawValue])
            }
            return SyncRequestReceipt(
                environment: environment.name, mailboxes: [mailbox.rawValue], status: "already-running",
                holder: settings.worker, leaseExpiresAt: lease?.expiresAt)
        }
        let enrolled = try await store.mailboxes(environment: environment.name, state: .enrolled)
        runOnDemand { _ = try? await self.runOnce(environment: environment.name) }
        return SyncRequestReceipt(environment: environment.name, mailboxes: enrolled.map(\.address.rawValue))
    }

    public func isReady() async -> Bool { true }

    public func recordsChanged(environment: String, mailboxes: Set<MailboxAddress>) async {
        cycleSoon(environment: environment, mailboxes: mailboxes)
    }
}
