/// When and how long to wait before sending a failed request again.
///
/// Waits honour the server: `BackOffMilliseconds` of ErrorServerBusy and `Retry-After` of
/// 429/503, never shorter, plus up to 10 % jitter so that many mailboxes do not come back at
/// once. Without a server hint it backs off exponentially with jitter. It is bounded in
/// attempts, and a server asking for more than `maxServerRequestedDelay` is not waited for in
/// place: the error (with its `backOff`) goes to the caller, whose scheduler defers the mailbox.
public struct RetryPolicy: Hashable, Sendable {
    /// Attempts in all, the first included. 1 disables retries.
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration
    public var maxServerRequestedDelay: Duration

    public init(
        maxAttempts: Int = 4, baseDelay: Duration = .seconds(1), maxDelay: Duration = .seconds(30),
        maxServerRequestedDelay: Duration = .seconds(120)
    ) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxServerRequestedDelay = maxServerRequestedDelay
    }

    public static let `default` = RetryPolicy()
    public static let none = RetryPolicy(maxAttempts: 1)

    /// The wait before attempt `attempt + 1`, or nil to give up.
    ///
    /// - Parameters:
    ///   - attempt: the attempt that just failed, from 1.
    ///   - serverRequested: the server's BackOffMilliseconds or Retry-After, if any.
    ///   - random: a number in 0..<1 for the jitter.
    public func delay(afterAttempt attempt: Int, serverRequested: Duration?, random: Double) -> Duration? {
        guard attempt < maxAttempts else { return nil }
        if let serverRequested {
            guard serverRequested <= maxServerRequestedDelay else { return nil }
            return serverRequested + serverRequested * (0.1 * random)
        }
        let exponential = baseDelay * (1 << min(attempt - 1, 20))
        let capped = min(exponential, maxDelay)
        // "Equal jitter": at least half the step, so retries still spread out.
        return capped * 0.5 + capped * (0.5 * random)
    }
}

/// Waits between attempts; tests inject one that records and returns at once.
public protocol RetrySleeper: Sendable {
    func sleep(for duration: Duration) async throws
}

/// Sleeps with `Task.sleep`, so a cancelled sync stops waiting.
public struct TaskRetrySleeper: RetrySleeper {
    public init() {}
    public func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: duration)
    }
}
