/// One SOAP envelope of a GetStreamingEvents response, read as soon as it arrived.
public struct StreamingEventsMessage: Hashable, Sendable {
    /// `OK` (a keep-alive, or "still open") or `Closed` (the server ends the connection: open a
    /// new one to keep listening).
    public enum ConnectionStatus: String, Hashable, Sendable {
        case ok = "OK"
        case closed = "Closed"
    }

    /// A subscription the server refused or dropped on this connection, with its code
    /// (`ErrorSubscriptionNotFound` when unknown or expired...): resubscribe only those.
    public struct SubscriptionFailure: Hashable, Sendable {
        public var subscriptionID: String
        public var code: EWSResponseCode
        public var message: String

        public init(subscriptionID: String, code: EWSResponseCode, message: String) {
            self.subscriptionID = subscriptionID
            self.code = code
            self.message = message
        }
    }

    public var notifications: [StreamingNotification]
    public var connectionStatus: ConnectionStatus?
    public var subscriptionFailures: [SubscriptionFailure]
    /// An error message that names no subscription (the whole connection failed).
    public var failure: EWSError?

    public init(
        notifications: [StreamingNotification] = [], connectionStatus: ConnectionStatus? = nil, subscriptionFailures: [SubscriptionFailure] = [],
        failure: EWSError? = nil
    ) {
        self.notifications = notifications
        self.connectionStatus = connectionStatus
        self.subscriptionFailures = subscriptionFailures
        self.failure = failure
    }
}
