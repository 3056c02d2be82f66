/// How the simulator's EWS streaming notifications behave in time. The defaults are Exchange's
/// where Microsoft documents them, and a stated choice where it does not (see docs/ews.md,
/// "Streaming notifications").
public struct StreamingNotificationSettings: Sendable, Hashable {
    /// The gap after which an idle GetStreamingEvents connection gets a `ConnectionStatus OK`
    /// keep-alive. Microsoft does not document the server's interval; the EWS Managed API
    /// expects one at least every 45 s (`GetStreamingEventsRequest.HeartbeatFrequencyDefault`)
    /// and gives up after twice that, so 30 s stays inside what real clients accept.
    public var keepAliveInterval: Duration
    /// How long a subscription survives with no connection open for it; its events queue
    /// meanwhile. Microsoft documents that subscriptions expire ("ErrorSubscriptionNotFound ...
    /// the subscription might have expired") but not after how long: 30 minutes is a choice.
    public var subscriptionLifetimeWithoutConnection: Duration
    /// TEST ACCELERATION ONLY: the length of one "minute" of `ConnectionTimeout` (1 to 30
    /// minutes in the protocol). Real Exchange: 60 s, the default. A test sets, for example,
    /// 2 s so that a `ConnectionTimeout` of 1 closes the connection after 2 s.
    public var streamingMinute: Duration
    /// Subscription ids one GetStreamingEvents request may name (Microsoft: 200).
    public var maxSubscriptionsPerConnection: Int
    /// Events per `Notification` element (Microsoft: "the first 50 events from the queue").
    public var maxEventsPerNotification: Int

    public init(
        keepAliveInterval: Duration = .seconds(30), subscriptionLifetimeWithoutConnection: Duration = .seconds(30 * 60),
        streamingMinute: Duration = .seconds(60), maxSubscriptionsPerConnection: Int = 200, maxEventsPerNotification: Int = 50
    ) {
        self.keepAliveInterval = keepAliveInterval
        self.subscriptionLifetimeWithoutConnection = subscriptionLifetimeWithoutConnection
        self.streamingMinute = streamingMinute
        self.maxSubscriptionsPerConnection = maxSubscriptionsPerConnection
        self.maxEventsPerNotification = maxEventsPerNotification
    }
}
