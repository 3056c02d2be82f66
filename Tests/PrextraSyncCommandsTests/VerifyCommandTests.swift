import ExchangeSimulator
import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import MicrosoftIdentity
@testable import PrextraSyncCommands
import ServiceConfiguration
import Testing

/// `prextra-sync verify` end to end: a configuration file, the simulator's token endpoint over
/// loopback, the report and the exit status.
@Suite struct VerifyCommandTests {
    static let tenant = "11111111-2222-3333-4444-555555555555"
    static let canary = "CANARY~verify.Secret_0a9b8c7d6e5f"
    static let good = "00000000-0000-0000-0000-0000000000b1"
    static let noConsent = "00000000-0000-0000-0000-0000000000b2"
    static let expired = "00000000-0000-0000-0000-0000000000b3"
    static let graphOnly = "00000000-0000-0000-0000-0000000000b4"
    static let noMail = "00000000-0000-0000-0000-0000000000b5"

    static let alice = "alice@contoso.example"
    static let signingKey: TokenSigningKey = try! TokenSigningKey.generate()

    func simulator() throws -> EntraIDSimulator {
        let now = Date()
        let valid = SecretSeed(id: UUID().uuidString, value: Self.canary, expiresOn: now.addingTimeInterval(200 * 86400))
        return try EntraIDSimulator(seed: SimulatorSeed(tenants: [TenantSeed(id: Self.tenant, domains: ["contoso.example"], apps: [
            AppSeed(clientId: Self.good, secrets: [valid], roles: [
                "ews": ["full_access_as_app"],
                "graph": ["Calendars.ReadWrite", "Contacts.ReadWrite", "Tasks.ReadWrite.All", "Mail.Read"],
            ]),
            AppSeed(clientId: Self.noConsent, secrets: [valid], roles: ["ews": ["full_access_as_app"]], adminConsent: false),
            AppSeed(clientId: Self.expired, secrets: [SecretSeed(id: UUID().uuidString, value: Self.canary, expiresOn: now.addingTimeInterval(-86400))]),
            AppSeed(clientId: Self.graphOnly, secrets: [valid], roles: ["graph": ["Calendars.ReadWrite"]]),
            AppSeed(clientId: Self.noMail, secrets: [valid], roles: ["graph": ["Calendars.ReadWrite", "Contacts.ReadWrite", "Tasks.ReadWrite.All"]]),
        ], mailboxes: [MailboxSeed(primarySmtpAddress: Self.alice, displayName: "Alice")])]), signingKey: Self.signingKey)
    }

    /// A configuration whose environments take tokens from `server.authority` and, for EWS, reach
    /// the simulator's EWS endpoint at `server.ews`.
    func writeConfig(_ server: Endpoints) throws -> String {
        try writeConfig(authority: server.authority, ews: server.ews)
    }

    func writeConfig(authority: String, ews: String = "http://127.0.0.1:9/EWS/Exchange.asmx") throws -> String {
        func entry(_ name: String, _ app: String, secret: String = Self.canary, more: String = "") -> String {
            #"{ "Environment": "\#(name)", "ApplicationId": "\#(app)", "ClientSecret": "\#(secret)", "TenantId": "\#(Self.tenant)", "Authority": "\#(authority)", "EwsUrl": "\#(ews)"\#(more) }"#
        }
        let json = """
        { "Exchange": [
          \(entry("prextra", Self.good)),
          \(entry("noconsent", Self.noConsent)),
          \(entry("badsecret", Self.good, secret: "Wrong8Q~notTheRightValue.abcdefghijklmno")),
          \(entry("expired", Self.expired)),
          \(entry("graphonly", Self.graphOnly)),
          \(entry("prextra-graph", Self.good, more: #", "Api": "Graph""#)),
          \(entry("partial-graph", Self.graphOnly, more: #", "Api": "Graph""#)),
          \(entry("nomail-graph", Self.noMail, more: #", "Api": "Graph""#)),
          \(entry("tracking-graph", Self.noMail, more: #", "Api": "Graph", "Email": { "Track": "CrmContacts" }"#)),
          \(entry("soon", Self.good, more: #", "ClientSecretExpiresOn": "\#(ISO8601DateFormatter().string(from: Date().addingTimeInterval(10 * 86400)))""#)),
          { "Environment": "broken", "ApplicationId": "not-a-guid", "ClientSecret": "x", "TenantId": "\(Self.tenant)" }
        ] }
        """
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("verify-\(UUID().uuidString).json").path
        try json.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    struct Endpoints: Sendable {
        /// The Entra ID authority (http, or https with a TLS identity).
        var authority: String
        /// The EWS endpoint of a simulator that checks tokens of the same authority.
        var ews: String
    }

    /// Runs the simulator: EWS and the token endpoint over http, sharing `simulator`; with `tls`,
    /// the token endpoint is also served over https and `authority` names that one.
    func withServer<T: Sendable>(
        _ simulator: EntraIDSimulator, tls: SimulatorTLSIdentity? = nil, _ body: @Sendable (Endpoints) async throws -> T
    ) async throws -> T {
        let server = try SimulatorServer(
            configuration: SimulatorConfiguration(seed: simulator.seed), entraID: simulator,
            logger: Logger(label: "verify-test", factory: { _ in SwiftLogNoOpLogHandler() }))
        let base = try await server.start()
        do {
            let result = try await serve(simulator, ews: base.appendingPathComponent("EWS/Exchange.asmx").absoluteString, base: base, tls: tls, body)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    private func serve<T: Sendable>(
        _ simulator: EntraIDSimulator, ews: String, base: URL, tls: SimulatorTLSIdentity?, _ body: @Sendable (Endpoints) async throws -> T
    ) async throws -> T {
        guard let tls else {
            return try await body(Endpoints(authority: base.absoluteString, ews: ews))
        }
        let router = Router()
        simulator.addRoutes(to: router)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router, server: try .tls(.http1(), tlsConfiguration: tls.serverConfiguration()),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { continuation.yield($0.localAddress?.port ?? 0); continuation.finish() },
            logger: Logger(label: "verify-test", factory: { _ in SwiftLogNoOpLogHandler() }))
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await app.run(); return nil }
            var iterator = ports.makeAsyncIterator()
            let port = await iterator.next() ?? 0
            defer { group.cancelAll() }
            return try await body(Endpoints(authority: "https://127.0.0.1:\(port)", ews: ews))
        }
    }

    @Test func goodEnvironmentPasses() async throws {
        try await withServer(try simulator()) { server in
            let config = try writeConfig(server)
            let text = await VerifyCommand.execute(configPath: config, environmentName: "prextra", mailbox: nil, json: false, language: .english)
            #expect(text.exitCode == 0)
            #expect(text.output.contains("Roles: full_access_as_app"))
            #expect(text.output.contains("RESULT: environment prextra is ready."))
            #expect(!text.output.contains(Self.canary))

            let json = await VerifyCommand.execute(configPath: config, environmentName: "PREXTRA", mailbox: "alice@contoso.example", json: true, language: .english)
            #expect(json.exitCode == 0)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
            #expect(object["succeeded"] as? Bool == true)
            let token = try #require(object["token"] as? [String: Any])
            #expect(token["roles"] as? [String] == ["full_access_as_app"])
            #expect(token["tenantId"] as? String == Self.tenant)
            let checks = try #require(object["checks"] as? [[String: Any]])
            #expect(checks.contains { $0["name"] as? String == "ews" && $0["status"] as? String == "passed" })
            #expect(text.output.contains("no mailbox to open (give --mailbox to check impersonation)"))
        }
    }

    @Test func ewsMailboxProblemsAreNamedWithTheirFix() async throws {
        try await withServer(try simulator()) { server in
            let config = try writeConfig(server)
            let missing = await VerifyCommand.execute(configPath: config, environmentName: "prextra", mailbox: "nobody@contoso.example", json: false, language: .english)
            #expect(missing.exitCode == 1)
            #expect(missing.output.contains("nobody@contoso.example does not exist in this tenant"), "\(missing.output)")
            let french = await VerifyCommand.execute(configPath: config, environmentName: "prextra", mailbox: "nobody@contoso.example", json: false, language: .french)
            #expect(french.output.contains("n'existe pas dans ce locataire"), "\(french.output)")

            // A wrong path on a live server, as when EwsUrl lacks /EWS/Exchange.asmx.
            let unreachable = try writeConfig(authority: server.authority, ews: server.ews.replacingOccurrences(of: "/EWS/Exchange.asmx", with: "/owa"))
            let down = await VerifyCommand.execute(configPath: unreachable, environmentName: "prextra", mailbox: Self.alice, json: false, language: .english)
            #expect(down.exitCode == 1)
            #expect(down.output.contains("does not answer as an EWS endpoint"), "\(down.output)")
            for output in [missing.output, french.output, down.output] {
                #expect(!output.contains(Self.canary))
            }
        }
    }

    @Test func brokenEnvironmentsFailWithTheRightDiagnosticInBothLanguages() async throws {
        let expectations: [(env: String, code: String, english: String, french: String)] = [
            ("noconsent", "tokenWithoutRoles", "Grant admin consent", "Accorder un consentement d'administrateur"),
            ("badsecret", "invalidClientSecret", "AADSTS7000215", "Valeur"),
            ("expired", "clientSecretExpired", "AADSTS7000222", "a expiré"),
            ("graphonly", "tokenWithoutRoles", "full_access_as_app", "full_access_as_app"),
        ]
        try await withServer(try simulator()) { server in
            let config = try writeConfig(server)
            for expectation in expectations {
                let english = await VerifyCommand.execute(configPath: config, environmentName: expectation.env, mailbox: nil, json: false, language: .english)
                let french = await VerifyCommand.execute(configPath: config, environmentName: expectation.env, mailbox: nil, json: false, language: .french)
                let json = await VerifyCommand.execute(configPath: config, environmentName: expectation.env, mailbox: nil, json: true, language: .english)
                #expect(english.exitCode == 1 && french.exitCode == 1 && json.exitCode == 1, "\(expectation.env)")
                #expect(english.output.contains(expectation.english), "\(expectation.env): \(english.output)")
                #expect(french.output.contains(expectation.french), "\(expectation.env): \(french.output)")
                #expect(french.output.contains("n'est pas prêt"))
                let object = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
                let codes = (object["diagnostics"] as? [[String: Any]])?.compactMap { $0["code"] as? String } ?? []
                #expect(codes.contains(expectation.code), "\(expectation.env): \(codes)")
                for output in [english.output, french.output, json.output] {
                    #expect(!output.contains(Self.canary))
                }
            }
        }
    }

    @Test func graphEnvironmentsCheckGraphRoles() async throws {
        try await withServer(try simulator()) { server in
            let config = try writeConfig(server)
            let good = await VerifyCommand.execute(configPath: config, environmentName: "prextra-graph", mailbox: nil, json: false, language: .english)
            #expect(good.exitCode == 0, "\(good.output)")
            #expect(good.output.contains("Resource: https://graph.microsoft.com"))
            let partial = await VerifyCommand.execute(configPath: config, environmentName: "partial-graph", mailbox: nil, json: false, language: .english)
            #expect(partial.exitCode == 1)
            #expect(partial.output.contains("lacks the permission(s) Contacts.ReadWrite, Tasks.ReadWrite.All"), "\(partial.output)")
            // Mail.Read is needed only where e-mail tracking reads mail.
            let noMail = await VerifyCommand.execute(configPath: config, environmentName: "nomail-graph", mailbox: nil, json: false, language: .english)
            #expect(noMail.exitCode == 0, "\(noMail.output)")
            let tracking = await VerifyCommand.execute(configPath: config, environmentName: "tracking-graph", mailbox: nil, json: false, language: .english)
            #expect(tracking.exitCode == 1)
            #expect(tracking.output.contains("lacks the permission(s) Mail.Read"), "\(tracking.output)")
        }
    }

    @Test("On Graph, verify opens a mailbox's contacts and To Do lists, and names a mailbox Graph cannot find")
    func graphEnvironmentsOpenAMailbox() async throws {
        try await withServer(try simulator()) { server in
            let base = server.authority.hasSuffix("/") ? String(server.authority.dropLast()) : server.authority
            let json = """
                { "Exchange": [
                  { "Environment": "online", "ApplicationId": "\(Self.good)", "ClientSecret": "\(Self.canary)", "TenantId": "\(Self.tenant)",
                    "Authority": "\(server.authority)", "Api": "Graph", "GraphUrl": "\(base)", "Mailboxes": ["alice@contoso.example"] }
                ] }
                """
            let config = FileManager.default.temporaryDirectory.appendingPathComponent("verify-graph-\(UUID().uuidString).json").path
            try json.write(toFile: config, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: config) }
            let good = await VerifyCommand.execute(configPath: config, environmentName: "online", mailbox: nil, json: false, language: .english)
            #expect(good.exitCode == 0, "\(good.output)")
            #expect(good.output.contains("To Do list(s) of alice@contoso.example open"), "\(good.output)")
            #expect(!good.output.contains(Self.canary))
            let french = await VerifyCommand.execute(configPath: config, environmentName: "online", mailbox: nil, json: false, language: .french)
            #expect(french.output.contains("s'ouvrent"), "\(french.output)")
            let missing = await VerifyCommand.execute(
                configPath: config, environmentName: "online", mailbox: "nobody@contoso.example", json: false, language: .english)
            #expect(missing.exitCode == 1, "\(missing.output)")
            #expect(missing.output.contains("nobody@contoso.example"), "\(missing.output)")
        }
    }

    @Test func cloudFollowsTheConfiguredAuthority() throws {
        func environment(_ authority: String, graph: String = "https://graph.microsoft.com", api: ExchangeAPI = .ews) -> EnvironmentConfiguration {
            EnvironmentConfiguration(
                name: "e", tenantID: Self.tenant, applicationID: Self.good, credential: .secret(Secret("s"), source: .inline),
                api: api, authority: URL(string: authority)!, graphURL: URL(string: graph)!)
        }
        #expect(environment("https://login.microsoftonline.com").tokenResource.scope == "https://outlook.office365.com/.default")
        #expect(environment("https://login.microsoftonline.us").tokenResource.scope == "https://outlook.office365.us/.default")
        #expect(environment("https://login.microsoftonline.us", graph: "https://dod-graph.microsoft.us", api: .graph).tokenResource.scope
            == "https://dod-graph.microsoft.us/.default")
        #expect(environment("https://login.partner.microsoftonline.cn", api: .graph).tokenResource.scope == "https://microsoftgraph.chinacloudapi.cn/.default")
        let custom = try environment("http://127.0.0.1:8080").appRegistration()
        #expect(custom.tokenEndpoint.absoluteString == "http://127.0.0.1:8080/\(Self.tenant)/oauth2/v2.0/token")
    }

    @Test func expiringSecretWarnsButPasses() async throws {
        try await withServer(try simulator()) { server in
            let config = try writeConfig(server)
            let result = await VerifyCommand.execute(configPath: config, environmentName: "soon", mailbox: nil, json: false, language: .french)
            #expect(result.exitCode == 0)
            #expect(result.output.contains("[AVERTISSEMENT]"))
            #expect(result.output.contains("expire dans"))
            #expect(result.output.contains("(inline) — expire le 20"))
        }
    }

    @Test func unusableConfigurationAndUnknownEnvironment() async throws {
        let config = try writeConfig(authority: "http://127.0.0.1:9")
        let unknown = await VerifyCommand.execute(configPath: config, environmentName: "nobody", mailbox: nil, json: false, language: .english)
        #expect(unknown.exitCode == 1 && unknown.output.contains("no environment named nobody"))
        let broken = await VerifyCommand.execute(configPath: config, environmentName: "broken", mailbox: nil, json: false, language: .english)
        #expect(broken.exitCode == 1 && broken.output.contains("ApplicationId"))
        let missing = await VerifyCommand.execute(configPath: "/nonexistent/appsettings.json", environmentName: "prextra", mailbox: nil, json: false, language: .english)
        #expect(missing.exitCode == 2)
    }

    @Test func httpsAuthorityWithTrustedCAFile() async throws {
        let tls = try SimulatorTLSIdentity.generate()
        let caPath = FileManager.default.temporaryDirectory.appendingPathComponent("ca-\(UUID().uuidString).pem").path
        try tls.trustRootPEM.write(toFile: caPath, atomically: true, encoding: .utf8)
        try await withServer(try simulator(), tls: tls) { server in
            let config = try writeConfig(server)
            let result = await VerifyCommand.execute(configPath: config, environmentName: "prextra", mailbox: nil, json: false, language: .english, trustedCAPath: caPath)
            #expect(result.exitCode == 0, "\(result.output)")
        }
    }

    @Test func runsThroughTheCommandLine() async throws {
        try await withServer(try simulator()) { server in
            let config = try writeConfig(server)
            let captured = CapturedCommandOutput()
            let context = CommandContext(output: captured.output, environmentVariables: ["LANG": "fr_FR.UTF-8"])
            let status = await PrextraSync.run(arguments: ["verify", "--config", config, "--environment", "noconsent"], context: context)
            #expect(status == 1)
            #expect(captured.standardOutput.contains("RÉSULTAT : l'environnement noconsent n'est pas prêt."))
            let json = CapturedCommandOutput()
            let ok = await PrextraSync.run(
                arguments: ["verify", "--config", config, "--environment", "prextra", "--json", "--lang", "en"],
                context: CommandContext(output: json.output, environmentVariables: [:]))
            #expect(ok == 0)
            #expect(json.standardOutput.contains("\"succeeded\" : true"))
        }
    }

    @Test func commandLineParses() throws {
        let command = try PrextraSync.parseAsRoot(["verify", "--config", "a.json", "--environment", "prextra", "--json", "--lang", "fr"])
        #expect(command is VerifyCommand)
        #expect(throws: (any Error).self) { try PrextraSync.parseAsRoot(["verify", "--config", "a.json", "--environment", "e", "--lang", "de"]) }
    }
}
