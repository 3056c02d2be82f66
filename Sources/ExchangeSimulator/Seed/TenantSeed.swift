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
    /// Throttling and injected faults, changeable at run time through the control API.
    public var faults: FaultSettings
    /// Exchange Online after 2026-10-01: when set, EWS refuses every app whose client id is not in
    /// `EWSAllowedAppIDs` (nil: the tenant has no allow-list and EWS serves every app).
    public var ewsAllowedAppIds: [String]?

    public init(
        id: String, domains: [String] = [], apps: [AppSeed] = [], mailboxes: [MailboxSeed] = [],
        faults: FaultSettings = FaultSettings(), ewsAllowedAppIds: [String]? = nil
    ) {
        self.id = id
        self.domains = domains
        self.apps = apps
        self.mailboxes = mailboxes
        self.faults = faults
        self.ewsAllowedAppIds = ewsAllowedAppIds
    }

    /// Whether EWS serves this app (no allow-list, or the app is on it).
    public func allowsEWS(appId: String) -> Bool {
        guard let allowed = ewsAllowedAppIds else { return true }
        return allowed.contains { $0.caseInsensitiveCompare(appId) == .orderedSame }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        domains = try container.decodeIfPresent([String].self, forKey: .domains) ?? []
        apps = try container.decodeIfPresent([AppSeed].self, forKey: .apps) ?? []
        mailboxes = try container.decodeIfPresent([MailboxSeed].self, forKey: .mailboxes) ?? []
        faults = try container.decodeIfPresent(FaultSettings.self, forKey: .faults) ?? FaultSettings()
        ewsAllowedAppIds = try container.decodeIfPresent([String].self, forKey: .ewsAllowedAppIds)
    }
}
