import Foundation
import SyncStore

/// One environment at a glance, read from the store: what `/readyz`, `GET /v1/environments`
/// and the dashboard's overview show, computed once here.
public struct EnvironmentOverview: Sendable {
    public var name: String
    public var mailboxes: [MailboxStatus]
    public var stored: StoredEnvironment?
    public var undeliveredWebhooks: Int
    /// Why the service could not start the environment; nil when it runs.
    public var unavailableReason: String?

    public static func read(_ name: String, store: any SyncStore, unavailableReason: String?) async throws -> EnvironmentOverview {
        let stored = try await store.environment(name)
        return EnvironmentOverview(
            name: name, mailboxes: try await store.mailboxes(environment: name, state: nil), stored: stored,
            undeliveredWebhooks: stored == nil ? 0 : try await store.undeliveredWebhookCount(environment: name),
            unavailableReason: unavailableReason)
    }

    public var enrolled: [MailboxStatus] { mailboxes.filter { $0.state == .enrolled } }
    /// Mailboxes whose last cycle failed.
    public var failingMailboxes: Int { mailboxes.filter { $0.lastFailure != nil }.count }
    /// Records whose Outlook write the server refused, over every mailbox.
    public var failedItems: Int { mailboxes.reduce(0) { $0 + $1.failedItems } }

    /// `ok`; `degraded` (some enrolled mailboxes' last cycle failed); `failing` (all of them);
    /// `idle` (no enrolled mailbox); `unavailable` (the service could not start it).
    public var state: String {
        if unavailableReason != nil { return "unavailable" }
        let enrolled = self.enrolled
        let failing = enrolled.filter { $0.lastFailure != nil }.count
        return enrolled.isEmpty ? "idle" : failing == 0 ? "ok" : failing == enrolled.count ? "failing" : "degraded"
    }
}
