import Foundation

/// A configuration file built in code, for tools that write one (the simulator's
/// `--write-config`, set-up scripts). Encoding it gives JSON that `ConfigurationLoader` reads
/// back, with the documented key names; optional values left nil are omitted so that their
/// defaults apply.
public struct ConfigurationFileContents: Sendable, Encodable {
    /// One entry of the `Exchange` list.
    public struct Environment: Sendable, Encodable {
        public var name: String
        public var applicationID: String
        public var tenantID: String
        /// Inline secret (written in clear in the file: for test credentials, or files kept private).
        public var clientSecret: String?
        /// Name of the environment variable holding the secret, instead of `clientSecret`.
        public var clientSecretVariable: String?
        public var api: ExchangeAPI?
        public var ewsURL: URL?
        public var authority: URL?
        public var graphURL: URL?
        public var mailboxes: [String]?

        public init(
            name: String, applicationID: String, tenantID: String, clientSecret: String? = nil,
            clientSecretVariable: String? = nil, api: ExchangeAPI? = nil, ewsURL: URL? = nil, authority: URL? = nil,
            graphURL: URL? = nil, mailboxes: [String]? = nil
        ) {
            self.name = name
            self.applicationID = applicationID
            self.tenantID = tenantID
            self.clientSecret = clientSecret
            self.clientSecretVariable = clientSecretVariable
            self.api = api
            self.ewsURL = ewsURL
            self.authority = authority
            self.graphURL = graphURL
            self.mailboxes = mailboxes
        }

        enum CodingKeys: String, CodingKey {
            case name = "Environment", applicationID = "ApplicationId", tenantID = "TenantId"
            case clientSecret = "ClientSecret", clientSecretVariable = "ClientSecretVariable", api = "Api"
            case ewsURL = "EwsUrl", authority = "Authority", graphURL = "GraphUrl", mailboxes = "Mailboxes"
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(applicationID, forKey: .applicationID)
            try container.encodeIfPresent(clientSecret, forKey: .clientSecret)
            try container.encodeIfPresent(clientSecretVariable, forKey: .clientSecretVariable)
            try container.encode(tenantID, forKey: .tenantID)
            try container.encodeIfPresent(api?.configurationName, forKey: .api)
            try container.encodeIfPresent(ewsURL?.absoluteString, forKey: .ewsURL)
            try container.encodeIfPresent(authority?.absoluteString, forKey: .authority)
            try container.encodeIfPresent(graphURL?.absoluteString, forKey: .graphURL)
            try container.encodeIfPresent(mailboxes, forKey: .mailboxes)
        }
    }

    /// One entry of `PrextraSync:ApiKeys`.
    public struct APIKey: Sendable, Encodable {
        public var name: String
        /// Inline key.
        public var key: String
        public var environments: [String]?

        public init(name: String, key: String, environments: [String]? = nil) {
            self.name = name
            self.key = key
            self.environments = environments
        }

        enum CodingKeys: String, CodingKey {
            case name = "Name", key = "Key", environments = "Environments"
        }
    }

    /// The `PrextraSync` section; nil values keep their defaults.
    public struct Service: Sendable, Encodable {
        /// Path of the SQLite file (relative paths start from the configuration file's folder).
        public var sqlitePath: String?
        /// `host:port`.
        public var listen: String?
        public var apiKeys: [APIKey]?
        /// e.g. `30s`.
        public var syncInterval: String?

        public init(sqlitePath: String? = nil, listen: String? = nil, apiKeys: [APIKey]? = nil, syncInterval: String? = nil) {
            self.sqlitePath = sqlitePath
            self.listen = listen
            self.apiKeys = apiKeys
            self.syncInterval = syncInterval
        }

        enum CodingKeys: String, CodingKey {
            case store = "Store", listen = "Listen", apiKeys = "ApiKeys", syncInterval = "SyncInterval"
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            if let sqlitePath { try container.encode(["Kind": "Sqlite", "Path": sqlitePath], forKey: .store) }
            try container.encodeIfPresent(listen, forKey: .listen)
            try container.encodeIfPresent(apiKeys, forKey: .apiKeys)
            try container.encodeIfPresent(syncInterval, forKey: .syncInterval)
        }
    }

    public var environments: [Environment]
    public var service: Service?

    public init(environments: [Environment], service: Service? = nil) {
        self.environments = environments
        self.service = service
    }

    enum CodingKeys: String, CodingKey {
        case environments = "Exchange", service = "PrextraSync"
    }

    /// Pretty-printed JSON with the documented key names.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
