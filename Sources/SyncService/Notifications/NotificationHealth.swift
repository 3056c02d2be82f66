import Foundation
import Synchronization
import SyncEngine

/// Which mailboxes learn of their Outlook changes through notifications that work right now
/// (every folder subscribed on Graph, or a streaming connection open on EWS). The scheduler
/// polls those less often (`Settings.intervalWithNotifications`), never not at all: a
/// notification can be lost.
public final class NotificationHealth: Sendable {
    private struct Key: Hashable {
        var environment: String
        var mailbox: MailboxAddress
    }

    private let healthy = Mutex<Set<Key>>([])

    public init() {}

    public func markHealthy(environment: String, mailbox: MailboxAddress) {
        _ = healthy.withLock { $0.insert(Key(environment: environment, mailbox: mailbox)) }
    }

    public func markUnhealthy(environment: String, mailbox: MailboxAddress) {
        _ = healthy.withLock { $0.remove(Key(environment: environment, mailbox: mailbox)) }
    }

    /// Forgets every mailbox of the environment (its notifications stopped as a whole).
    public func forget(environment: String) {
        healthy.withLock { $0 = $0.filter { $0.environment != environment } }
    }

    public func isHealthy(environment: String, mailbox: MailboxAddress) -> Bool {
        healthy.withLock { $0.contains(Key(environment: environment, mailbox: mailbox)) }
    }

    public func healthyMailboxes(environment: String) -> Set<MailboxAddress> {
        Set(healthy.withLock { $0.filter { $0.environment == environment }.map(\.mailbox) })
    }
}
