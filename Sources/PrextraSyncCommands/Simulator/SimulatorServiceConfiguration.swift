import ExchangeSimulator
import Foundation

/// The service configuration `--write-config FILE` writes: one `Exchange` entry per seeded
/// tenant with a usable app, pointing at the running simulator (`"Api": "Graph"` with its
/// `GraphUrl`, Graph being served under `{GraphUrl}/v1.0/`; or `"Api": "Ews"` with `--ews-config`),
/// plus the service's own settings (a SQLite store beside the file, a loopback listen address, a
/// fresh API key). `verify`, `sync` and `serve` run against it with no editing.
struct SimulatorServiceConfiguration {
    struct ExchangeEntry {
        var environment: String
        var tenantId: String
        var applicationId: String
        var clientSecret: String
        var clientSecretExpiresOn: String
        var api: String
        var authority: String
        var ewsUrl: String
        var graphUrl: String
        var mailboxes: [String]
    }

    struct ServiceSection {
        struct Store {
            var kind = "Sqlite"
            var path: String
        }
        struct APIKey {
            var name: String
            var key: String
        }
        var store: Store
        var listen: String
        var apiKeys: [APIKey]
    }

    var exchange: [ExchangeEntry]
    var service: ServiceSection
    /// Tenants left out, with why (no app with a client secret).
    var skippedTenants: [String] = []

    /// - Parameters:
    ///   - listen: the service API's address; it must differ from the simulator's.
    ///   - apiKey: the key written for the `ops` client.
    ///   - graph: write Graph environments (the default), else EWS ones.
    init(seed: SimulatorSeed, endpoints: ExchangeOnlineSimulator.Endpoints, now: Date, listen: String, apiKey: String, graph: Bool = true) {
        var names = Set<String>()
        var entries: [ExchangeEntry] = []
        var skipped: [String] = []
        for tenant in seed.tenants {
            guard let (app, secret) = Self.usableApp(in: tenant, now: now, graph: graph) else {
                skipped.append(tenant.id)
                continue
            }
            let name = Self.environmentName(for: tenant, taken: &names)
            entries.append(
                ExchangeEntry(
                    environment: name, tenantId: tenant.id, applicationId: app.clientId, clientSecret: secret.value,
                    clientSecretExpiresOn: ISO8601DateFormatter().string(from: secret.expiresOn), api: graph ? "Graph" : "Ews",
                    authority: endpoints.authority.absoluteString, ewsUrl: endpoints.ews.absoluteString,
                    graphUrl: endpoints.baseURL.absoluteString,
                    mailboxes: tenant.mailboxes.map { $0.primarySmtpAddress.lowercased() }))
        }
        exchange = entries
        skippedTenants = skipped
        service = ServiceSection(
            store: .init(path: "prextra-sync.sqlite"), listen: listen, apiKeys: [.init(name: "ops", key: apiKey)])
    }

    /// The app the service would be given: one with the API's roles (EWS `full_access_as_app`, or
    /// Graph `Contacts.ReadWrite` and `Tasks.ReadWrite.All`), consented and enabled, and a secret
    /// still valid; failing that, any app with a secret (so that `verify` can show what is wrong).
    static func usableApp(in tenant: TenantSeed, now: Date, graph: Bool = false) -> (AppSeed, SecretSeed)? {
        func latestSecret(_ app: AppSeed) -> SecretSeed? { app.secrets.max { $0.expiresOn < $1.expiresOn } }
        func hasRoles(_ app: AppSeed) -> Bool {
            graph
                ? Set(graphRoles(of: app)).isSuperset(of: ["Contacts.ReadWrite", "Tasks.ReadWrite.All"])
                : (app.roles["ews"] ?? app.roles["https://outlook.office365.com"] ?? []).contains("full_access_as_app")
        }
        let healthy = tenant.apps.first { app in
            app.adminConsent && app.enabled && !app.blockedByConditionalAccess && hasRoles(app)
                && (latestSecret(app)?.expiresOn ?? .distantPast) > now
        }
        guard let app = healthy ?? tenant.apps.first(where: { !$0.secrets.isEmpty }), let secret = latestSecret(app) else { return nil }
        return (app, secret)
    }

    /// The app's Microsoft Graph application roles, however the seed names the resource.
    static func graphRoles(of app: AppSeed) -> [String] {
        app.roles["graph"] ?? app.roles["https://graph.microsoft.com"] ?? []
    }

    /// `contoso` for a tenant whose first domain is `contoso.example`; else `tenant-1a2b3c4d`.
    static func environmentName(for tenant: TenantSeed, taken: inout Set<String>) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-_")
        let label = tenant.domains.first.map { String($0.lowercased().prefix { $0 != "." }.filter { allowed.contains($0) }) } ?? ""
        let base = label.isEmpty ? "tenant-\(tenant.id.lowercased().prefix(8))" : label
        var name = base
        var suffix = 2
        while !taken.insert(name).inserted {
            name = "\(base)-\(suffix)"
            suffix += 1
        }
        return name
    }

    /// A random API key of 43 URL-safe characters (256 bits).
    static func randomAPIKey() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The file's text, keys in the order a person reads them (JSONEncoder's order is unstable on Linux).
    func json() throws -> Data {
        func quoted(_ text: String) throws -> String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.withoutEscapingSlashes]
            return String(decoding: try encoder.encode(text), as: UTF8.self)
        }
        var lines = ["{", "  \"Exchange\": ["]
        for (index, entry) in exchange.enumerated() {
            let fields: [(String, String)] = [
                ("Environment", try quoted(entry.environment)), ("TenantId", try quoted(entry.tenantId)),
                ("ApplicationId", try quoted(entry.applicationId)), ("ClientSecret", try quoted(entry.clientSecret)),
                ("ClientSecretExpiresOn", try quoted(entry.clientSecretExpiresOn)), ("Api", try quoted(entry.api)),
                ("Authority", try quoted(entry.authority)), ("EwsUrl", try quoted(entry.ewsUrl)), ("GraphUrl", try quoted(entry.graphUrl)),
                ("Mailboxes", "[" + (try entry.mailboxes.map(quoted)).joined(separator: ", ") + "]"),
            ]
            lines.append("    {")
            lines.append(fields.map { "      \"\($0.0)\": \($0.1)" }.joined(separator: ",\n"))
            lines.append(index == exchange.count - 1 ? "    }" : "    },")
        }
        lines.append("  ],")
        lines.append("  \"PrextraSync\": {")
        lines.append("    \"Store\": { \"Kind\": \(try quoted(service.store.kind)), \"Path\": \(try quoted(service.store.path)) },")
        lines.append("    \"Listen\": \(try quoted(service.listen)),")
        let keys = try service.apiKeys.map { "{ \"Name\": \(try quoted($0.name)), \"Key\": \(try quoted($0.key)) }" }
        lines.append("    \"ApiKeys\": [" + keys.joined(separator: ", ") + "]")
        lines.append("  }")
        lines.append("}")
        return Data((lines.joined(separator: "\n") + "\n").utf8)
    }

    /// Writes the file readable by its owner only: it holds client secrets and an API key.
    func write(to path: String) throws(SimulatorCommandError) {
        let url = URL(fileURLWithPath: path)
        do {
            let data = try json()
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url, options: .atomic)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
        } catch {
            throw .cannotWriteConfiguration(path: path, reason: "\((error as NSError).localizedDescription)")
        }
    }
}
