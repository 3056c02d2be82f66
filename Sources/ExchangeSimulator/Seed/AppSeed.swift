/// An app registration and its credentials, as an administrator set it up in Entra ID.
public struct AppSeed: Codable, Sendable, Hashable {
    /// The application (client) id, a GUID.
    public var clientId: String
    public var displayName: String
    /// Client secrets with their expiry.
    public var secrets: [SecretSeed]
    /// Application roles granted (and consented) per resource, e.g. `["ews": ["full_access_as_app"]]`.
    public var roles: [String: [String]]
    /// Whether an administrator granted consent; without it tokens carry no `roles` claim.
    public var adminConsent: Bool

    public init(
        clientId: String, displayName: String = "Prextra Sync", secrets: [SecretSeed] = [],
        roles: [String: [String]] = [:], adminConsent: Bool = true
    ) {
        self.clientId = clientId
        self.displayName = displayName
        self.secrets = secrets
        self.roles = roles
        self.adminConsent = adminConsent
    }
}
