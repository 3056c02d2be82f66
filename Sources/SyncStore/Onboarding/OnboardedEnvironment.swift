import Foundation

/// An environment a customer enrolled through an invitation, with its credential sealed
/// (AES-GCM with the service's secrets key, the environment's name as associated data): the
/// store never holds it in clear.
public struct OnboardedEnvironment: Sendable, Hashable {
    public enum CredentialKind: String, Sendable, Hashable, CaseIterable {
        /// A client secret the customer pasted.
        case secret
        /// A certificate whose key pair the service made; the sealed value is the private key.
        case certificate
    }

    public var name: String
    public var tenantID: String
    public var applicationID: String
    /// `graph` or `ews`: the API the onboarding check found working (Graph when both do).
    public var api: String
    public var credentialKind: CredentialKind
    /// The sealed credential (nonce, ciphertext and tag, as `AES.GCM.SealedBox.combined`).
    public var sealedCredential: Data
    /// When the secret or certificate expires, when known: alerts start 30 days before.
    public var credentialExpiresAt: Date?
    public var onboardedAt: Date

    public init(
        name: String, tenantID: String, applicationID: String, api: String, credentialKind: CredentialKind, sealedCredential: Data,
        credentialExpiresAt: Date?, onboardedAt: Date
    ) {
        self.name = name
        self.tenantID = tenantID
        self.applicationID = applicationID
        self.api = api
        self.credentialKind = credentialKind
        self.sealedCredential = sealedCredential
        self.credentialExpiresAt = credentialExpiresAt
        self.onboardedAt = onboardedAt
    }
}
