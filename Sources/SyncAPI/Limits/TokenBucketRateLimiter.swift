import Synchronization

/// One token bucket per API key: each request takes a token, tokens come back at a steady
/// rate up to the bucket's size. A key that sends too fast is refused until a token is back,
/// and one key's burst never slows another key.
public final class TokenBucketRateLimiter: Sendable {
    /// The outcome of asking for a token.
    public enum Decision: Sendable, Hashable {
        case allowed
        /// Refused: a token is back after this many seconds (rounded up, at least 1).
        case limited(retryAfterSeconds: Int)
    }

    struct Bucket {
        var tokens: Double
        var updatedAt: ContinuousClock.Instant
    }

    let ratePerSecond: Double
    let capacity: Double
    let now: @Sendable () -> ContinuousClock.Instant
    private let buckets = Mutex<[String: Bucket]>([:])

    public init(
        requestsPerSecond: Double, burst: Int, now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }
    ) {
        ratePerSecond = max(requestsPerSecond, 0)
        capacity = Double(max(burst, 1))
        self.now = now
    }

    /// Takes a token from `key`'s bucket.
    public func acquire(key: String) -> Decision { take(key: key, consuming: true) }

    /// Whether `key`'s bucket has a token now, without taking it.
    public func peek(key: String) -> Decision { take(key: key, consuming: false) }

    private func take(key: String, consuming: Bool) -> Decision {
        let instant = now()
        return buckets.withLock { buckets in
            var bucket = buckets[key] ?? Bucket(tokens: capacity, updatedAt: instant)
            let elapsed = bucket.updatedAt.duration(to: instant)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            bucket.tokens = min(capacity, bucket.tokens + max(seconds, 0) * ratePerSecond)
            bucket.updatedAt = instant
            defer { buckets[key] = bucket }
            if bucket.tokens >= 1 {
                if consuming { bucket.tokens -= 1 }
                return .allowed
            }
            guard ratePerSecond > 0 else { return .limited(retryAfterSeconds: 3600) }
            let wait = (1 - bucket.tokens) / ratePerSecond
            return .limited(retryAfterSeconds: max(1, Int(wait.rounded(.up))))
        }
    }
}
