import Foundation

/// The dashboard's sessions, shared by every worker.
public protocol OperatorSessionStore: Sendable {
    /// Stores a new session, and forgets the sessions that expired before `now`.
    func startOperatorSession(_ session: OperatorSession, now: Date) async throws

    /// The session whose token has this digest, when it has not expired at `now`.
    func operatorSession(tokenDigest: String, at now: Date) async throws -> OperatorSession?

    /// Ends a session (signing out); nothing happens for an unknown one.
    func endOperatorSession(tokenDigest: String) async throws
}
