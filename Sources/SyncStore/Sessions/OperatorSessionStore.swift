import Foundation

/// The dashboard's sessions, shared by every worker.
public protocol OperatorSessionStore: Sendable {
    /// Stores a new session, and forgets the sessions that expired before `now`.
    func startOperatorSession(_ session: OperatorSession, now: Date) async throws

    /// The session whose token has this digest, when it has not expired at `now`.
    func operatorSession(tokenDigest: String, at now: Date) async throws -> OperatorSession?

    /// Moves a live session's expiry to `until` (the operator is still at work); an expired or
    /// ended session stays gone, and an expiry is never moved earlier.
    func extendOperatorSession(tokenDigest: String, until: Date, now: Date) async throws

    /// Ends a session (signing out); nothing happens for an unknown one.
    func endOperatorSession(tokenDigest: String) async throws
}
