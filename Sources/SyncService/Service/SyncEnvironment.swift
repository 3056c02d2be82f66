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
    }
}
