import Foundation
import SyncEngine

/// A connector whose API pushes change notifications to an https address (Microsoft Graph):
/// what `GraphSubscriptionMaintenance` needs to keep one subscription per synchronized folder.
public protocol ChangeSubscribing: Sendable {
    /// The resources to subscribe to for the mailbox's folders of these kinds, e.g.
    /// `/users/{address}/events`.
    func notificationResources(of mailbox: MailboxAddress, kinds: [EntityKind]) async throws -> [String]

    /// Creates a subscription to `created,updated,deleted` on the resource, with lifecycle events
    /// sent to the same URL. Graph validates the URL before it answers.
    func subscribe(resource: String, notificationURL: URL, clientState: String, expiresAt: Date) async throws -> (id: String, expiresAt: Date)

    /// Moves the subscription's expiry; returns the new one.
    func renewSubscription(id: String, expiresAt: Date) async throws -> Date

    /// Answers a `reauthorizationRequired` lifecycle event.
    func reauthorizeSubscription(id: String) async throws

    func unsubscribe(id: String) async throws
}
