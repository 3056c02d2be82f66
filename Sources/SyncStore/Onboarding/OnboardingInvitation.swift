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
    /// The certificate the service made for this invitation, sealed with its private key, kept
    /// between the guide's download and the form's submit; cleared when the invitation is spent.
    public var pendingCertificate: Data?

    public init(
        tokenDigest: String, environment: String, language: String, createdAt: Date, expiresAt: Date, spentAt: Date? = nil,
        pendingCertificate: Data? = nil
    ) {
        self.tokenDigest = tokenDigest
        self.environment = environment
        self.language = language
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.spentAt = spentAt
        self.pendingCertificate = pendingCertificate
    }

    /// Usable now: not spent, not expired.
    public func isUsable(at now: Date) -> Bool { spentAt == nil && now < expiresAt }
}
