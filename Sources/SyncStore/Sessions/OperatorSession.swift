import Foundation

/// An operator signed in to the dashboard with an API key. The cookie holds a random token; the
/// store keeps its SHA-256 only, and the key's name (never the key), so that every worker of
/// the installation recognises the session and signing out ends it everywhere.
public struct OperatorSession: Sendable, Hashable {
    /// SHA-256 of the cookie's token, hex.
    public var tokenDigest: String
    /// The `Name` of the API key signed in with: the session has that key's scope.
    public var keyName: String
    public var createdAt: Date
    public var expiresAt: Date

    public init(tokenDigest: String, keyName: String, createdAt: Date, expiresAt: Date) {
        self.tokenDigest = tokenDigest
        self.keyName = keyName
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}
