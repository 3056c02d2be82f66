import Foundation

/// An environment's `"Notifications"` section: where Microsoft Graph sends change notifications
/// for its mailboxes, so that an Outlook change reaches the CRM in seconds instead of at the
/// next poll. EWS environments need none: they use streaming notifications, outbound only.
public struct NotificationSettings: Sendable, Hashable {
    /// The public https address of this service's `/v1/notifications/graph` route (directly, or
    /// through a reverse proxy). Plain http is accepted for loopback hosts only.
    public var url: URL
    /// How long each subscription is asked to live before it is renewed. Graph refuses more
    /// than its maximum for Outlook resources (4,230 minutes in the v1.0 docs we hold).
    public var subscriptionLifetime: Duration

    public static let defaultSubscriptionLifetimeMinutes = 4230

    public init(url: URL, subscriptionLifetime: Duration = .seconds(defaultSubscriptionLifetimeMinutes * 60)) {
        self.url = url
        self.subscriptionLifetime = subscriptionLifetime
    }
}
