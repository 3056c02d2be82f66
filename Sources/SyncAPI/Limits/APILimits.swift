/// The limits the API enforces on every client.
public struct APILimits: Sendable, Hashable {
    /// The largest request body accepted (bytes); larger ones get 413.
    public var maxBodyBytes: Int
    /// Tokens added to each key's bucket per second.
    public var requestsPerSecond: Double
    /// The bucket's size: how many requests a key may send at once after a quiet period.
    public var burst: Int

    public init(maxBodyBytes: Int = 1_048_576, requestsPerSecond: Double = 50, burst: Int = 200) {
        self.maxBodyBytes = maxBodyBytes
        self.requestsPerSecond = requestsPerSecond
        self.burst = burst
    }

    public static let `default` = APILimits()
}
