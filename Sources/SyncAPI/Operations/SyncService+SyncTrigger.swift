import SyncEngine
import SyncService
import SyncStore

extension SyncService: SyncTrigger {
    /// Starts the cycles in a task of their own and answers at once: an API request does not
    /// wait for Exchange. A mailbox already being synchronized is reported by the cycle itself
    /// (it finds the lease held) in the run history.
    public func requestSync(environment name: String, mailbox: MailboxAddress?) async throws -> SyncRequestReceipt {
        guard let environment = environment(named: name) else {
            throw SyncOperationsError.environmentUnavailable(
                environment: name, reason: "the sync service does not run it (see prextra-sync config check).")
        }
        if let mailbox {
            guard let status = try await store.mailbox(environment: environment.name, address: mailbox), status.state == .enrolled
            else { throw SyncOperationsError.mailboxNotEnrolled(environment: environment.name, mailbox: mailbox) }
            Task { _ = try? await self.syncNow(environment: environment.name, mailbox: mailbox) }
            return SyncRequestReceipt(environment: environment.name, mailboxes: [mailbox.rawValue])
        }
        let enrolled = try await store.mailboxes(environment: environment.name, state: .enrolled)
        Task { _ = try? await self.runOnce(environment: environment.name) }
        return SyncRequestReceipt(environment: environment.name, mailboxes: enrolled.map(\.address.rawValue))
    }

    public func isReady() async -> Bool { true }
}
