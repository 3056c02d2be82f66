import Foundation
import SyncEngine
import SyncStore

/// Which worker holds a mailbox, and until when, as any worker reads it from the store (the API
/// and `status` answer the same on every worker).
///
/// - During a cycle, the holder of the mailbox lease, until the lease expires.
/// - Between cycles, the live worker that `MailboxAssignment` gives the mailbox to, until its
///   membership lapses: that worker's next announcement extends it.
/// - No hold when no worker is live (no `serve` running).
public struct MailboxHold: Sendable, Hashable {
    public var worker: String
    public var expiresAt: Date

    public init(worker: String, expiresAt: Date) {
        self.worker = worker
        self.expiresAt = expiresAt
    }

    /// The holds of the environment's `mailboxes`, those without one left out.
    public static func read(environment: String, mailboxes: [MailboxAddress], store: any SyncStore) async throws
        -> [MailboxAddress: MailboxHold]
    {
        let leases = try await store.currentLeases(prefix: LeaseResource.mailboxes(environment: environment))
        let leaseByResource = Dictionary(leases.map { ($0.resource, $0) }, uniquingKeysWith: { first, _ in first })
        let live = try await store.workers().filter(\.isAlive)
        let assignment = MailboxAssignment(workers: live.map(\.worker))
        let membershipExpiry = Dictionary(live.map { ($0.worker, $0.expiresAt) }, uniquingKeysWith: { first, _ in first })
        var holds: [MailboxAddress: MailboxHold] = [:]
        for mailbox in mailboxes {
            if let lease = leaseByResource[.mailbox(environment: environment, address: mailbox)] {
                holds[mailbox] = MailboxHold(worker: lease.holder, expiresAt: lease.expiresAt)
            } else if let owner = assignment.owner(environment: environment, mailbox: mailbox), let expiry = membershipExpiry[owner] {
                holds[mailbox] = MailboxHold(worker: owner, expiresAt: expiry)
            }
        }
        return holds
    }
}
