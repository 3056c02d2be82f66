/// An app registration and its credentials, as an administrator set it up in Entra ID.
///
/// In JSON only `clientId` is required; every other field has the default of a
/// healthy, consented, enabled app.
public struct AppSeed: Codable, Sendable, Hashable {
    /// The application (client) id, a GUID.
    public var clientId: String
    public var displayName: String
    /// Client secrets with their expiry.
    public var secrets: [SecretSeed]
    /// Certificates uploaded to the app registration (public part only).
    public var certificates: [CertificateSeed]
    /// Application roles granted per resource. Keys are `ews` (Office 365 Exchange Online),
    /// `graph` (Microsoft Graph) or the resource's application ID URI;
    /// e.g. `["ews": ["full_access_as_app"]]`.
    public var roles: [String: [String]]
    /// Whether an administrator granted consent; without it tokens carry no `roles` claim.
    public var adminConsent: Bool
    /// Whether the service principal is enabled ("Enabled for users to sign in?").
    /// A disabled app gets AADSTS7000112.
    public var enabled: Bool
    /// Whether a Conditional Access policy for workload identities blocks the app (AADSTS53003).
    public var blockedByConditionalAccess: Bool
    /// Object id of the app's service principal in the tenant (`oid`/`sub` claims);
    /// derived from the client id when absent.
    public var servicePrincipalObjectId: String?
    /// An Exchange application access policy (RestrictAccess) scoping the app to these mailboxes
    /// on Graph; nil: no policy, every mailbox of the tenant. A mailbox outside it gets 403.
    public var accessPolicyMailboxes: [String]?

    public init(
        clientId: String, displayName: String = "Prextra Sync", secrets: [SecretSeed] = [],
        certificates: [CertificateSeed] = [], roles: [String: [String]] = [:], adminConsent: Bool = true,
        enabled: Bool = true, blockedByConditionalAccess: Bool = false, servicePrincipalObjectId: String? = nil,
        accessPolicyMailboxes: [String]? = nil
    ) {
        self.accessPolicyMailboxes = accessPolicyMailboxes
        self.clientId = clientId
        self.displayName = displayName
        self.secrets = secrets
        self.certificates = certificates
        self.roles = roles
        self.adminConsent = adminConsent
        self.enabled = enabled
        self.blockedByConditionalAccess = blockedByConditionalAccess
        self.servicePrincipalObjectId = servicePrincipalObjectId
    }

    private enum CodingKeys: String, CodingKey {
        case clientId, displayName, secrets, certificates, roles, adminConsent, enabled
        case blockedByConditionalAccess, servicePrincipalObjectId, accessPolicyMailboxes
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            clientId: try c.decode(String.self, forKey: .clientId),
            displayName: try c.decodeIfPresent(String.self, forKey: .displayName) ?? "Prextra Sync",
            secrets: try c.decodeIfPresent([SecretSeed].self, forKey: .secrets) ?? [],
            certificates: try c.decodeIfPresent([CertificateSeed].self, forKey: .certificates) ?? [],
            roles: try c.decodeIfPresent([String: [String]].self, forKey: .roles) ?? [:],
            adminConsent: try c.decodeIfPresent(Bool.self, forKey: .adminConsent) ?? true,
            enabled: try c.decodeIfPresent(Bool.self, forKey: .enabled) ?? true,
            blockedByConditionalAccess: try c.decodeIfPresent(Bool.self, forKey: .blockedByConditionalAccess) ?? false,
            servicePrincipalObjectId: try c.decodeIfPresent(String.self, forKey: .servicePrincipalObjectId),
            accessPolicyMailboxes: try c.decodeIfPresent([String].self, forKey: .accessPolicyMailboxes)
        )
    }
}
