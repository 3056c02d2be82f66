import Foundation

/// A Microsoft Graph change-notification subscription the service keeps for one folder of one
/// mailbox, so that it is renewed (not created again) after a restart, deleted with the
/// mailbox, and so that a notification can be traced to its mailbox and checked.
public struct ChangeSubscription: Sendable, Hashable {
    /// Graph's subscription id.
    public var id: String
    public var environment: String
    public var mailbox: String
    /// The subscribed resource, e.g. `/users/{address}/events`.
    public var resource: String
    /// SHA-256 of the `clientState` secret sent at creation, hex: a notification's
    /// `clientState` is checked against it, and the secret itself is never stored.
    public var clientStateDigest: String
    public var expiresAt: Date

    public init(id: String, environment: String, mailbox: String, resource: String, clientStateDigest: String, expiresAt: Date) {
        self.id = id
        self.environment = environment
        self.mailbox = mailbox
        self.resource = resource
        self.clientStateDigest = clientStateDigest
        self.expiresAt = expiresAt
    }
}
