import Foundation

/// One customer's validated settings: tenant, app, credential, API and policy.
public struct EnvironmentConfiguration: Sendable, Hashable {
    /// The `Environment` name, as the ERP addresses it. Unique without regard to case.
    public let name: String
    /// Zero-based position in the `Exchange` list.
    public let position: Int
    /// Directory (tenant) ID, a GUID (lowercased) or a domain name (lowercased).
    public let tenantID: String
    /// Application (client) ID, a GUID (lowercased).
    public let applicationID: String
    public let credential: ClientCredential
    /// When the client secret expires, if the operator wrote it down (`ClientSecretExpiresOn`).
    public let clientSecretExpiresOn: Date?
    public var api: ExchangeAPI
    /// The EWS endpoint, `https://outlook.office365.com/EWS/Exchange.asmx` by default.
    public let ewsURL: URL
    /// The Entra ID authority host, `https://login.microsoftonline.com` by default (no trailing slash).
    public let authority: URL
    /// The Microsoft Graph host, `https://graph.microsoft.com` by default (no trailing slash).
    public let graphURL: URL
    /// `RequestServerVersion` for EWS.
    public let exchangeVersion: ExchangeServerVersion
    /// Mailboxes (primary SMTP addresses, lowercased) to enrol at start-up.
    public let mailboxes: [String]
    public let sync: SyncPolicy
    /// Where Microsoft Graph sends change notifications; nil: the environment relies on polling
    /// (Graph) or on EWS streaming notifications, which need no address.
    public var notifications: NotificationSettings?
    /// The `Email` section: which mail is tracked into the CRM; `.off` (the default) tracks none.
    public var email: EmailTrackingSettings

    public static let defaultEWSURL = URL(string: "https://outlook.office365.com/EWS/Exchange.asmx")!
    public static let defaultAuthority = URL(string: "https://login.microsoftonline.com")!
    public static let defaultGraphURL = URL(string: "https://graph.microsoft.com")!

    public init(
        name: String, position: Int = 0, tenantID: String, applicationID: String, credential: ClientCredential,
        clientSecretExpiresOn: Date? = nil, api: ExchangeAPI = .ews, ewsURL: URL = defaultEWSURL,
        authority: URL = defaultAuthority, graphURL: URL = defaultGraphURL,
        exchangeVersion: ExchangeServerVersion = .default, mailboxes: [String] = [], sync: SyncPolicy = .default,
        notifications: NotificationSettings? = nil, email: EmailTrackingSettings = .off
    ) {
        self.name = name
        self.position = position
        self.tenantID = tenantID
        self.applicationID = applicationID
        self.credential = credential
        self.clientSecretExpiresOn = clientSecretExpiresOn
        self.api = api
        self.ewsURL = ewsURL
        self.authority = authority
        self.graphURL = graphURL
        self.exchangeVersion = exchangeVersion
        self.mailboxes = mailboxes
        self.sync = sync
        self.notifications = notifications
        self.email = email
    }

    /// The token endpoint: `{Authority}/{TenantId}/oauth2/v2.0/token`.
    public var tokenEndpoint: URL {
        authority.appendingPathComponent(tenantID).appendingPathComponent("oauth2/v2.0/token")
    }
}
