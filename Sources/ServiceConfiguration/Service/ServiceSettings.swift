import Foundation

/// The service's own settings (the `PrextraSync` section). Every one has a default, so a file
/// holding only the vendor's `Exchange` section runs.
public struct ServiceSettings: Sendable, Hashable {
    /// The top-level section these settings are read from.
    public static let sectionName = "PrextraSync"

    public var store: StateStoreLocation
    public var listen: ListenAddress
    /// No key by default: the API then answers only `/healthz` and `/readyz`.
    public var apiKeys: [APIKeyConfiguration]
    /// Time between two synchronization passes of one mailbox.
    public var syncInterval: Duration
    /// Requests in flight to one tenant at once (EWS and Graph throttle per app and mailbox).
    public var concurrencyPerTenant: Int
    /// The polling interval of a mailbox whose change notifications are healthy (Graph
    /// subscriptions or EWS streaming): polling only catches what notifications lost.
    public var syncIntervalWithNotifications: Duration = defaultSyncIntervalWithNotifications
    public var webhook: WebhookConfiguration?
    /// Attempts of an Outlook write the server refuses (invalid data) before the item is
    /// quarantined and the rest of the mailbox moves on.
    public var failedWriteAttempts: Int
    public var retention: RetentionSettings
    /// The key that seals the credentials customers give through onboarding (AES-256-GCM, 32
    /// bytes); `nil` when onboarding is off.
    public var secretsKey: Secret?
    /// The address customers reach `serve` at (for onboarding links), e.g. `https://sync.example.com`.
    public var publicURL: URL?
    /// Where environments enrolled through onboarding reach Microsoft (`PrextraSync:Onboarding`).
    public var onboardingEndpoints = MicrosoftEndpoints.global
    /// When set, `serve` answers HTTPS only (`PrextraSync:Tls`).
    public var tls: TLSSettings?

    public static let defaultSyncInterval = Duration.seconds(60)
    public static let defaultSyncIntervalWithNotifications = Duration.seconds(900)
    public static let defaultConcurrencyPerTenant = 4
    public static let defaultFailedWriteAttempts = 3

    public init(
        store: StateStoreLocation, listen: ListenAddress = .default, apiKeys: [APIKeyConfiguration] = [],
        syncInterval: Duration = defaultSyncInterval, concurrencyPerTenant: Int = defaultConcurrencyPerTenant,
        webhook: WebhookConfiguration? = nil, failedWriteAttempts: Int = defaultFailedWriteAttempts,
        retention: RetentionSettings = .default
    ) {
        self.store = store
        self.listen = listen
        self.apiKeys = apiKeys
        self.syncInterval = syncInterval
        self.concurrencyPerTenant = concurrencyPerTenant
        self.webhook = webhook
        self.failedWriteAttempts = failedWriteAttempts
        self.retention = retention
    }

    /// The defaults, with the SQLite file in `directory`.
    public static func defaults(in directory: URL) -> ServiceSettings {
        ServiceSettings(store: .sqlite(path: directory.appendingPathComponent(StateStoreLocation.defaultSQLitePath)))
    }
}
