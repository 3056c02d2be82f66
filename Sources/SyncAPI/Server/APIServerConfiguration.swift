import ServiceConfiguration

/// What the API server needs from the configuration.
public struct APIServerConfiguration: Sendable {
    public var host: String
    /// 0 picks a free port (tests).
    public var port: Int
    /// The configured environments' names; the API serves these only.
    public var environments: [String]
    public var apiKeys: [APIKeyConfiguration]
    public var limits: APILimits
    /// Applied to the text of an unexpected error before it is logged (it may quote a secret the
    /// configuration holds, such as a store URL with its password).
    public var scrubber: SecretScrubber
    /// When set, the server answers HTTPS only (`PrextraSync:Tls`).
    public var tls: TLSSettings?

    public init(
        host: String = "127.0.0.1", port: Int = 8080, environments: [String], apiKeys: [APIKeyConfiguration],
        limits: APILimits = .default, scrubber: SecretScrubber = SecretScrubber(secrets: [])
    ) {
        self.scrubber = scrubber
        self.host = host
        self.port = port
        self.environments = environments
        self.apiKeys = apiKeys
        self.limits = limits
    }

    /// The settings of a loaded configuration file: its listen address, valid environments and keys.
    public init(_ loaded: LoadedConfiguration, limits: APILimits = .default) {
        self.init(
            host: loaded.service.listen.host, port: loaded.service.listen.port,
            environments: loaded.environments.map(\.name), apiKeys: loaded.service.apiKeys, limits: limits,
            scrubber: loaded.secretScrubber)
        tls = loaded.service.tls
    }
}
