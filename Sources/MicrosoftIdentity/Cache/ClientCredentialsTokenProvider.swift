import Foundation
import Logging

/// App-only tokens for one app registration and one resource, cached and refreshed ahead.
///
/// - Reuses a token until `refresh_in` or five minutes before `expires_in`, whichever is first.
/// - Past that point it refreshes; if the refresh fails it keeps serving the old token while
///   it is still valid (as MSAL does), and tries again after a cooldown.
/// - Single-flight: concurrent callers share one request.
/// - Retries transient failures (5xx, `temporarily_unavailable`, 429 + Retry-After) with bounded,
///   jittered backoff; remembers a permanent failure for a while instead of asking again.
public actor ClientCredentialsTokenProvider: AccessTokenProvider {
    public nonisolated let registration: AppRegistration
    public nonisolated let resource: TokenResource
    let endpoint: TokenEndpointClient
    let policy: TokenCachePolicy
    let retry: TokenRetryPolicy
    let clock: IdentityClock
    let logger: Logger

    private var cached: AccessToken?
    private var acquiredAt: Date?
    private var inFlight: Task<AccessToken, any Error>?
    private var heldFailure: (error: TokenRequestError, until: Date)?
    private var refreshBlockedUntil: Date?
    /// Token requests this provider sent to Entra ID (retries included).
    public private(set) var tokenRequestsSent = 0
    /// The last failure, kept for status pages even while an older token is still served.
    public private(set) var lastFailure: TokenRequestError?
    /// What the last issued token lacks (no `roles` claim, or a required role missing); empty when fine.
    public private(set) var roleDiagnostics: [IdentityDiagnostic] = []
    /// The credential's expiry warning (< 30 days) or error (past), as of the last acquisition.
    public private(set) var expiryDiagnostic: IdentityDiagnostic?

    /// - Parameter logger: decorate it with the environment's metadata; this type never logs a
    ///   secret or token.
    public init(
        registration: AppRegistration, resource: TokenResource, endpoint: TokenEndpointClient = TokenEndpointClient(),
        policy: TokenCachePolicy = TokenCachePolicy(), retry: TokenRetryPolicy = TokenRetryPolicy(),
        clock: IdentityClock = .system, logger: Logger = Logger(label: "MicrosoftIdentity")
    ) {
        self.registration = registration
        self.resource = resource
        self.endpoint = endpoint
        self.policy = policy
        self.retry = retry
        self.clock = clock
        var logger = logger
        logger[metadataKey: "tenant"] = "\(registration.tenantId)"
        logger[metadataKey: "client"] = "\(registration.clientId)"
        logger[metadataKey: "resource"] = "\(resource.applicationIdURI)"
        self.logger = logger
    }

    /// The token currently cached, if any (e.g. for a status page; it may be close to expiry).
    public var cachedToken: AccessToken? { cached }

    public func accessToken(forceRefresh: Bool) async throws -> AccessToken {
        let now = clock.now()
        if let token = cached, token.expiresOn.timeIntervalSince(now) > policy.minimumRemainingValidity {
            if forceRefresh {
                if let acquiredAt, now.timeIntervalSince(acquiredAt) < policy.forcedRefreshDebounce { return token }
            } else {
                if now < refreshPoint(of: token) { return token }
                if let until = refreshBlockedUntil, now < until { return token }
                // A permanent failure (e.g. the secret was revoked) is not re-asked while a token still works.
                if let held = heldFailure, now < held.until { return token }
                // Refresh ahead: one attempt; on failure the still-valid token keeps serving.
                do {
                    return try await acquire(retrying: false)
                } catch {
                    refreshBlockedUntil = clock.now().addingTimeInterval(policy.refreshRetryCooldown)
                    logger.warning("refresh ahead of expiry failed; serving the cached token until it expires", metadata: [
                        "expires_on": "\(token.expiresOn)", "error": "\(error)",
                    ])
                    return token
                }
            }
        }
        if let held = heldFailure, now < held.until { throw held.error }
        return try await acquire(retrying: true)
    }

    /// When a token should be replaced: at `refresh_in`, or `refreshBeforeExpiry` before expiry.
    func refreshPoint(of token: AccessToken) -> Date {
        let beforeExpiry = token.expiresOn.addingTimeInterval(-policy.refreshBeforeExpiry)
        guard let refreshOn = token.refreshOn else { return beforeExpiry }
        return min(refreshOn, beforeExpiry)
    }

    private func acquire(retrying: Bool) async throws -> AccessToken {
        if let inFlight { return try await inFlight.value }
        let task = Task { try await self.fetch(retrying: retrying) }
        inFlight = task
        return try await task.value
    }

    private func fetch(retrying: Bool) async throws -> AccessToken {
        // Runs on the actor; cleared before any waiter resumes, so the next caller sees the new state.
        defer { inFlight = nil }
        var attempt = 0
        while true {
            attempt += 1
            tokenRequestsSent += 1
            let error: TokenRequestError
            do {
                let response = try await endpoint.requestToken(for: registration, resource: resource, now: clock.now())
                let receivedAt = clock.now()
                let token = response.accessToken(receivedAt: receivedAt)
                cached = token
                acquiredAt = receivedAt
                heldFailure = nil
                refreshBlockedUntil = nil
                lastFailure = nil
                logger.debug("acquired app-only token", metadata: [
                    "expires_on": "\(token.expiresOn)", "attempts": "\(attempt)",
                ])
                // The silent failure: Entra issues tokens even without consent; say so once per token.
                roleDiagnostics = IdentityDiagnosis.diagnoseRoles(
                    of: token, for: resource, tenantId: registration.tenantId, clientId: registration.clientId)
                for diagnostic in roleDiagnostics where diagnostic.severity == .error {
                    logger.warning("token lacks the application permissions this resource needs", metadata: [
                        "diagnostic": "\(diagnostic.code.rawValue)", "missing": "\(diagnostic.details["missing"] ?? "")",
                    ])
                }
                // Expiring credential: warn with every new token (about hourly) until it is replaced.
                expiryDiagnostic = IdentityDiagnosis.diagnoseExpiry(of: registration, now: receivedAt)
                if let expiryDiagnostic {
                    logger.warning("credential expires soon or has expired", metadata: [
                        "diagnostic": "\(expiryDiagnostic.code.rawValue)",
                        "expires_on": "\(registration.credentialExpiresOn.map { "\($0)" } ?? "")",
                    ])
                }
                return token
            } catch let caught {
                error = caught
            }
            lastFailure = error
            if !error.isTransient {
                heldFailure = (error, clock.now().addingTimeInterval(policy.permanentFailureHold))
                logger.error("token request rejected; not retrying", metadata: ["error": "\(error)"])
                throw error
            }
            guard retrying, let delay = retry.delay(afterAttempt: attempt, retryAfter: error.retryAfter) else {
                let retryAfterSeconds = error.retryAfter.map { Double($0.components.seconds) } ?? 0
                heldFailure = (error, clock.now().addingTimeInterval(max(policy.transientFailureHold, retryAfterSeconds)))
                logger.warning("token request failed", metadata: ["error": "\(error)", "attempts": "\(attempt)"])
                throw error
            }
            logger.notice("token request failed transiently; retrying", metadata: [
                "error": "\(error)", "attempt": "\(attempt)", "delay": "\(delay)",
            ])
            try await clock.sleep(delay)
        }
    }
}
