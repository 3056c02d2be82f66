import Foundation

/// A link the vendor gives a customer's IT so that they enrol their tenant themselves: usable
/// once, until it expires. Only the SHA-256 of the link's token is stored, so a copy of the store
/// opens nothing.
public struct OnboardingInvitation: Sendable, Hashable {
    /// SHA-256 of the link's token, hex.
    public var tokenDigest: String
    /// The environment the customer enrols (its name in the service, chosen by the vendor).
    public var environment: String
    /// The language of the guide: `fr` or `en`.
    public var language: String
    public var createdAt: Date
    public var expiresAt: Date
    /// When the customer completed the onboarding; a spent invitation opens nothing.
    public var spentAt: Date?

    public init(tokenDigest: String, environment: String, language: String, createdAt: Date, expiresAt: Date, spentAt: Date? = nil) {
        self.tokenDigest = tokenDigest
        self.environment = environment
        self.language = language
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.spentAt = spentAt
    }

    /// Usable now: not spent, not expired.
    public func isUsable(at now: Date) -> Bool { spentAt == nil && now < expiresAt }
}
