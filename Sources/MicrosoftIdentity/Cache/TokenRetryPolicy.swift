/// Bounded, jittered exponential backoff for transient token-endpoint failures.
public struct TokenRetryPolicy: Sendable {
    /// Attempts in total, the first included.
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// A `Retry-After` longer than this is not waited for: the failure is reported instead.
    public var maxRetryAfter: Duration
    /// Returns a factor in 0...1 for jitter; injectable for deterministic tests.
    public var random: @Sendable () -> Double

    public init(maxAttempts: Int = 4, baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(20),
                maxRetryAfter: Duration = .seconds(60), random: @escaping @Sendable () -> Double = { Double.random(in: 0...1) }) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
        self.random = random
    }

    /// The wait before attempt `attempt + 1` (attempt counts from 1), or nil to give up.
    func delay(afterAttempt attempt: Int, retryAfter: Duration?) -> Duration? {
        guard attempt < maxAttempts else { return nil }
        if let retryAfter {
            guard retryAfter <= maxRetryAfter else { return nil }
            // Honour the server's wait, plus up to 10% so that many clients don't return together.
            return retryAfter + retryAfter * (0.1 * random())
        }
        let exponential = baseDelay * Int(1 << min(attempt - 1, 16))
        let capped = min(exponential, maxDelay)
        // "Equal jitter": half fixed, half random.
        return capped / 2 + (capped / 2) * random()
    }
}
