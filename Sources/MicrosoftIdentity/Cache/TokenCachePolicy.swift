import Foundation

/// When a cached token is reused, refreshed ahead, or no longer handed out.
public struct TokenCachePolicy: Sendable, Hashable {
    /// Refresh this long before `expires_on` (MSAL uses 5 minutes), or at `refresh_in` if sooner.
    public var refreshBeforeExpiry: TimeInterval
    /// Never hand out a token with less than this left: a request made with it could outlive it.
    public var minimumRemainingValidity: TimeInterval
    /// After a refresh-ahead failed (and the old token was served), wait this long before trying again.
    public var refreshRetryCooldown: TimeInterval
    /// After a permanent failure (bad secret, unknown tenant…), answer with the same error, without
    /// asking Entra ID again, for this long. Entra punishes tight loops (AADSTS50196).
    public var permanentFailureHold: TimeInterval
    /// A forced refresh (after a 401) within this long of the last acquisition reuses that token,
    /// so a burst of 401s triggers one request, not one each.
    public var forcedRefreshDebounce: TimeInterval
    /// After transient failures exhausted the retries, answer with that failure for this long
    /// (or the server's `Retry-After`, if longer) before asking again.
    public var transientFailureHold: TimeInterval

    public init(refreshBeforeExpiry: TimeInterval = 300, minimumRemainingValidity: TimeInterval = 60,
                refreshRetryCooldown: TimeInterval = 30, permanentFailureHold: TimeInterval = 120,
                forcedRefreshDebounce: TimeInterval = 10, transientFailureHold: TimeInterval = 5) {
        self.refreshBeforeExpiry = refreshBeforeExpiry
        self.minimumRemainingValidity = minimumRemainingValidity
        self.refreshRetryCooldown = refreshRetryCooldown
        self.permanentFailureHold = permanentFailureHold
        self.forcedRefreshDebounce = forcedRefreshDebounce
        self.transientFailureHold = transientFailureHold
    }
}
