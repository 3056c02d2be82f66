/// When to try a failed delivery again: exponential from `base`, doubling per attempt, up to `maximum`.
/// There is no last attempt: an event stays in the outbox until the ERP accepts it.
public struct WebhookBackoff: Sendable, Hashable {
    public var base: Duration
    public var maximum: Duration

    public init(base: Duration = .seconds(2), maximum: Duration = .seconds(3600)) {
        self.base = base
        self.maximum = maximum
    }

    /// The delay after the `attempts`-th failed attempt (1 for the first).
    public func delay(afterAttempts attempts: Int) -> Duration {
        let exponent = min(max(attempts - 1, 0), 30)
        let delay = base * (1 << exponent)
        return min(delay, maximum)
    }
}
