/// When to send a failed Graph request again, and after how long.
///
/// Bounded in attempts. A server's `Retry-After` is honoured (never shorter, plus up to 10 % jitter)
/// unless it asks for more than `maxServerRequestedDelay`: then the error goes to the caller with
/// its `retryAfter`, whose scheduler defers the mailbox. Without a hint the wait grows
/// exponentially with "equal jitter".
public struct GraphRetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first included; 1 disables retries.
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration
    public var maxServerRequestedDelay: Duration

    public init(
        maxAttempts: Int = 4, baseDelay: Duration = .seconds(1), maxDelay: Duration = .seconds(30),
        maxServerRequestedDelay: Duration = .seconds(120)
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxServerRequestedDelay = maxServerRequestedDelay
    }

    public static let `default` = GraphRetryPolicy()
    public static let none = GraphRetryPolicy(maxAttempts: 1)

    /// The wait after failed attempt `attempt` (from 1), or nil to give up. `random` is in 0..<1.
    public func delay(afterAttempt attempt: Int, serverRequested: Duration?, random: Double) -> Duration? {
        guard attempt < maxAttempts else { return nil }
        if let serverRequested {
            guard serverRequested <= maxServerRequestedDelay else { return nil }
            return serverRequested + serverRequested * (0.1 * random)
        }
        let step = min(baseDelay * (1 << min(attempt - 1, 20)), maxDelay)
        return step * 0.5 + step * (0.5 * random)
    }
}

/// Waits between attempts; tests pass one that records the waits and returns at once.
public protocol GraphRetrySleeper: Sendable {
    func sleep(for duration: Duration) async throws
}

/// `Task.sleep`, so a cancelled caller stops waiting.
public struct GraphTaskSleeper: GraphRetrySleeper {
    public init() {}
    public func sleep(for duration: Duration) async throws { try await Task.sleep(for: duration) }
}
