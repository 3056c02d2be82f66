import Foundation

/// A POST Microsoft Graph sent to the notification URL, as the receiver reads it: either the
/// validation handshake of a new subscription (`?validationToken=…`), or a batch of change or
/// lifecycle notifications (`{"value": [...]}`).
public struct GraphNotificationDelivery: Sendable, Hashable {
    /// The `validationToken` query parameter, already percent-decoded.
    public var validationToken: String?
    public var body: Data

    public init(validationToken: String?, body: Data) {
        self.validationToken = validationToken
        self.body = body
    }

    /// One member of `value`: a change (`changeType`) or a lifecycle event (`lifecycleEvent`).
    /// Only what the receiver uses is read; `resourceData` is ignored on purpose: a notification
    /// only starts the mailbox's cycle, which reads the change through delta.
    struct Notification: Decodable, Sendable {
        var subscriptionId: String?
        var clientState: String?
        var changeType: String?
        var lifecycleEvent: String?
    }

    struct Batch: Decodable, Sendable {
        var value: [Notification]
    }
}

/// What the receiver answers Graph.
public enum GraphNotificationReceipt: Sendable, Hashable {
    /// 200, `text/plain`, the token: the validation handshake.
    case validated(token: String)
    /// 202: every notification was accepted; the work happens after the answer.
    case accepted(count: Int)
    /// 403: at least one notification named an unknown subscription or a wrong `clientState`
    /// (the others, if any, were accepted).
    case refused(refused: Int, accepted: Int)
    /// 400: the body is not a notification batch.
    case malformed
    /// 404: this service keeps no Graph subscriptions.
    case notConfigured
}
