/// One Entra ID tenant with its Exchange organization.
public struct TenantSeed: Codable, Sendable, Hashable {
    /// The tenant id, a GUID.
    public var id: String
    /// Verified domain names; any of them may be used in place of the GUID in a token request.
    public var domains: [String]
    /// App registrations (with their service principals) in this tenant.
    public var apps: [AppSeed]
    /// Mailboxes of the tenant's Exchange organization.
    public var mailboxes: [MailboxSeed]

    public init(id: String, domains: [String] = [], apps: [AppSeed] = [], mailboxes: [MailboxSeed] = []) {
        self.id = id
        self.domains = domains
        self.apps = apps
        self.mailboxes = mailboxes
    }
}
