import Foundation
import MicrosoftIdentity
import ServiceConfiguration
import SyncEngine

/// What the service needs to synchronize one environment: its policy, the tenant it counts
/// against, and the connector that reaches its mailboxes.
public struct SyncEnvironment: Sendable {
    /// The `Environment` name from the configuration.
    public var name: String
    /// Concurrency is limited per tenant (Exchange throttles per application and tenant).
    public var tenantID: String
    public var policy: SyncEngine.SyncPolicy
    public var connector: any MailboxConnector
    /// Mailboxes listed in the configuration, enrolled when the service starts.
    public var configuredMailboxes: [MailboxAddress]
    public var kinds: [EntityKind]
    /// The API the connector speaks, and how it was chosen, as `status` and the HTTP API show
    /// it; nil when the environment was not built from a configuration (tests).
    public var apiChoice: APIChoice?
    /// For an `Api: Auto` environment left on EWS in Exchange Online: how the running service
    /// asks again, and moves it to Graph once the roles are granted (see `SyncService`).
    public var apiRecheck: APIRecheck?
    /// The settings that changed since the store last saw this environment, one per line
    /// (`ConfigurationChangeCheck`); empty when none did.
    public var configurationChanges: [String] = []
    /// Where Microsoft Graph sends this environment's change notifications (Graph only; nil:
    /// polling alone, or EWS streaming notifications, which need no address).
    public var notifications: NotificationSettings?
    /// When the environment's secret or certificate expires, when known (alerts start 30 days
    /// before).
    public var credentialExpiresOn: Date?
    /// EWS on Exchange Online, which refuses apps the tenant has not allow-listed since
    /// 2026-10-01 and is switched off on 2027-04-01.
    public var usesExchangeOnlineEWS = false
    /// E-mail tracking (one way, Outlook to the CRM): the rules, nil when off (the default).
    /// Each mailbox's tracking pass runs after its cycle succeeds, under the same lease.
    public var emailTracking: EmailTrackingRules?
    /// How far back the first tracking pass of a mailbox reads (`Email:LookbackDays`).
    public var emailLookbackDays = EmailTrackingSettings.defaultLookbackDays

    /// The API an environment is reached through.
    public struct APIChoice: Sendable, Hashable {
        public var api: ExchangeAPI
        /// Decided by `"Api": "Auto"`.
        public var automatic: Bool
        /// What the operator should do about it, in English then in French; nil when nothing.
        public var notice: String?

        public init(api: ExchangeAPI, automatic: Bool, notice: String? = nil) {
            self.api = api
            self.automatic = automatic
            self.notice = notice
        }
    }

    public init(
        name: String, tenantID: String, policy: SyncEngine.SyncPolicy, connector: any MailboxConnector,
        configuredMailboxes: [MailboxAddress] = [], kinds: [EntityKind] = EntityKind.allCases
    ) {
        self.name = name
        self.tenantID = tenantID
        self.policy = policy
        self.connector = connector
        self.configuredMailboxes = configuredMailboxes
        self.kinds = kinds
    }

    /// The environment a configuration entry describes, reached through `connector`, with the
    /// kinds the connector synchronizes.
    public init(configuration: EnvironmentConfiguration, connector: any MailboxConnector) {
        self.init(
            name: configuration.name, tenantID: configuration.tenantID,
            policy: SyncEngine.SyncPolicy(configuration: configuration.sync), connector: connector,
            configuredMailboxes: configuration.mailboxes.map { MailboxAddress($0) },
            kinds: EntityKind.allCases.filter(connector.synchronizes))
        apiChoice = APIChoice(api: configuration.api == .graph ? .graph : .ews, automatic: false)
        notifications = configuration.notifications
        switch configuration.credential {
        case .secret: credentialExpiresOn = configuration.clientSecretExpiresOn
        case .certificate(let certificate):
            credentialExpiresOn = (try? ClientCertificate(certificatePEM: certificate.certificatePEM, privateKeyPEM: certificate.privateKeyPEM.value))?
                .notValidAfter
        }
        usesExchangeOnlineEWS = configuration.api != .graph && configuration.ewsURL.host?.lowercased() == "outlook.office365.com"
        if configuration.email.mode != .off, let mode = SyncEngine.EmailTrackingMode(rawValue: configuration.email.mode.rawValue) {
            emailTracking = EmailTrackingRules(mode: mode, category: configuration.email.category, maxBodyBytes: configuration.email.maxBodyBytes)
            emailLookbackDays = configuration.email.lookbackDays
        }
    }
}
