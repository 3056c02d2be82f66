/// The limits the API enforces on every client.
public struct APILimits: Sendable, Hashable {
    /// The largest request body accepted (bytes); larger ones get 413.
    public var maxBodyBytes: Int
    /// Tokens added to each key's bucket per second.
    public var requestsPerSecond: Double
    /// The bucket's size: how many requests a key may send at once after a quiet period.
    public var burst: Int
    /// Requests without a valid key that one client address may send at once, before
    /// authentication is even tried: a flood of guessed keys is refused with 429.
    public var unauthenticatedBurst: Int
    /// How fast that allowance comes back, per second.
    public var unauthenticatedRequestsPerSecond: Double

    public init(
        maxBodyBytes: Int = 1_048_576, requestsPerSecond: Double = 50, burst: Int = 200, unauthenticatedBurst: Int = 20,
        unauthenticatedRequestsPerSecond: Double = 1
    ) {
        self.maxBodyBytes = maxBodyBytes
        self.requestsPerSecond = requestsPerSecond
        self.burst = burst
        self.unauthenticatedBurst = unauthenticatedBurst
        self.unauthenticatedRequestsPerSecond = unauthenticatedRequestsPerSecond
    }

    public static let `default` = APILimits()
}
