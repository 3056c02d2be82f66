import Foundation
import Testing
import ServiceConfiguration

@Suite("The service's own section")
struct ServiceSettingsTests {
    typealias F = ConfigurationFixture

    @Test func everySettingIsRead() throws {
        let service = """
        { "Store": { "Kind": "Sqlite", "Path": "state/sync.sqlite" }, "Listen": "[::1]:9443",
          "ApiKeys": [ { "Name": "erp", "KeyVariable": "ERP_KEY", "Environments": ["prextra"] },
                       { "Name": "ops", "KeyFile": "ops.key" } ],
          "SyncInterval": "5m", "ConcurrencyPerTenant": "10", "FailedWriteAttempts": 5,
          "Retention": { "HistoryDays": 14, "FeedDays": 90, "TombstoneDays": 60 },
          "Webhook": { "Url": "https://erp.example.com/hooks/prextra", "SigningSecretVariable": "HOOK_SECRET" } }
        """
        let erpKey = "erp-key-0123456789abcdefghijklmnop", opsKey = "ops-key-0123456789abcdefghijklmnop"
        let loaded = try F.load(
            F.exchange(F.environment(), service: service),
            variables: ["ERP_KEY": erpKey, "HOOK_SECRET": "hook-secret-0123456789"], files: ["ops.key": opsKey + "\n"])
        #expect(loaded.problems.isEmpty, "\(loaded.problems)")
        let settings = loaded.service
        guard case .sqlite(let path) = settings.store else {
            Issue.record("expected sqlite")
            return
        }
        #expect(path.path.hasSuffix("/state/sync.sqlite"))
        #expect(path.path.hasPrefix(loaded.source!.deletingLastPathComponent().path))
        #expect(settings.listen == ListenAddress(host: "::1", port: 9443))
        #expect(settings.listen.description == "[::1]:9443")
        #expect(settings.syncInterval == .seconds(300))
        #expect(settings.concurrencyPerTenant == 10)
        #expect(settings.failedWriteAttempts == 5)
        #expect(settings.retention == RetentionSettings(historyDays: 14, feedDays: 90, tombstoneDays: 60))
        #expect(settings.apiKeys.map(\.name) == ["erp", "ops"])
        #expect(settings.apiKeys[0].key == Secret(erpKey))
        #expect(settings.apiKeys[0].allows(environment: "PREXTRA"))
        #expect(!settings.apiKeys[0].allows(environment: "autreClient"))
        #expect(settings.apiKeys[1].key == Secret(opsKey))
        #expect(settings.apiKeys[1].environments == nil && settings.apiKeys[1].allows(environment: "anything"))
        #expect(settings.webhook?.url.absoluteString == "https://erp.example.com/hooks/prextra")
        #expect(settings.webhook?.signingSecret == Secret("hook-secret-0123456789"))
    }

    @Test("Onboarding's endpoints: the global cloud by default, a national cloud when given, a bad URL named with its key")
    func onboardingEndpoints() throws {
        let defaults = try F.load(F.exchange(F.environment(), service: "{}"))
        #expect(defaults.service.onboardingEndpoints == .global)
        let national = try F.load(F.exchange(F.environment(), service: """
            { "Onboarding": { "Authority": "https://login.microsoftonline.us/", "GraphUrl": "https://graph.microsoft.us",
                              "EwsUrl": "https://outlook.office365.us/EWS/Exchange.asmx" } }
            """))
        #expect(national.problems.isEmpty, "\(national.problems)")
        #expect(national.service.onboardingEndpoints.authority.absoluteString == "https://login.microsoftonline.us", "no trailing slash")
        #expect(national.service.onboardingEndpoints.graphURL.absoluteString == "https://graph.microsoft.us")
        let bad = try F.load(F.exchange(F.environment(), service: #"{ "Onboarding": { "GraphUrl": "graph", "Tenant": "x" } }"#))
        #expect(bad.serviceProblems.contains { $0.key == "Onboarding:GraphUrl" && $0.severity == .error }, "\(bad.serviceProblems)")
        #expect(bad.serviceProblems.contains { $0.key == "Onboarding:Tenant" }, "an unknown key is named")
        #expect(bad.service.onboardingEndpoints.graphURL == MicrosoftEndpoints.global.graphURL)
    }

    @Test func postgresStoreURLIsASecret() throws {
        let url = "postgres://sync:pa55word@db.internal:5432/prextra"
        let loaded = try F.load(
            F.exchange(F.environment(), service: #"{ "Store": { "Kind": "Postgres", "UrlVariable": "PG_URL" } }"#),
            variables: ["PG_URL": url])
        #expect(loaded.problems.isEmpty, "\(loaded.problems)")
        #expect(loaded.service.store == .postgres(url: Secret(url), source: .environmentVariable("PG_URL")))
        #expect(!"\(loaded.service.store)".contains("pa55word"))

        let bad = try F.load(F.exchange(F.environment(), service: #"{ "Store": { "Kind": "Postgres", "Url": "mysql://x@y/z" } }"#))
        #expect(bad.serviceProblems.first(.invalidURL)?.key == "Store:Url")
        let unknown = try F.load(F.exchange(F.environment(), service: #"{ "Store": { "Kind": "Oracle" } }"#))
        #expect(unknown.serviceProblems.first(.unknownValue)?.key == "Store:Kind")
    }

    @Test func invalidSettingsAreErrorsOfTheServiceSection() throws {
        let service = """
        { "Listen": "localhost", "SyncInterval": "soon", "ConcurrencyPerTenant": 0, "Colour": 1, "FailedWriteAttempts": 0,
          "Retention": { "HistoryDays": 0, "Forever": true },
          "ApiKeys": [ { "Name": "erp", "Key": "short", "Environments": ["nowhere"] }, { "Name": "ERP", "KeyVariable": "MISSING" }, { "Key": "k" } ],
          "Webhook": { "Url": "http://erp.example.com/hook" } }
        """
        let loaded = try F.load(F.exchange(F.environment(), service: service))
        let problems = loaded.serviceProblems
        func problem(_ key: String) -> ConfigurationProblem? { problems.first { $0.key == key } }
        #expect(problem("Listen")?.kind == .invalidListenAddress)
        #expect(problem("SyncInterval")?.kind == .invalidDuration)
        #expect(problem("ConcurrencyPerTenant")?.kind == .invalidNumber)
        #expect(problem("Colour")?.kind == .unknownKey)
        #expect(problem("FailedWriteAttempts")?.kind == .invalidNumber)
        #expect(problem("Retention:HistoryDays")?.kind == .invalidNumber)
        #expect(problem("Retention:Forever")?.kind == .unknownKey)
        #expect(problem("ApiKeys[0]:Key")?.kind == .weakAPIKey)
        #expect(problem("ApiKeys[0]:Environments[0]")?.kind == .unknownEnvironmentReference)
        #expect(problem("ApiKeys[1]:Name")?.kind == .duplicateAPIKey)
        #expect(problem("ApiKeys[1]:KeyVariable")?.kind == .missingVariable)
        #expect(problem("ApiKeys[2]:Name")?.kind == .missingKey)
        #expect(problem("Webhook:Url")?.kind == .insecureURL)
        #expect(problem("Webhook:SigningSecret")?.kind == .missingKey)
        #expect(problems.allSatisfy { $0.location == .service })
        #expect(problem("Listen")?.description.hasPrefix("error: section PrextraSync, key Listen:") == true)
        #expect(loaded.hasErrors)
        #expect(loaded.environments.count == 1, "service problems do not stop the environments")
        #expect(loaded.service.listen == .default, "an invalid setting falls back to its default")
    }

    @Test(arguments: [("127.0.0.1:8080", "127.0.0.1", 8080), (":9000", "0.0.0.0", 9000), ("[::]:80", "::", 80)])
    func listenAddresses(text: String, host: String, port: Int) {
        #expect(ListenAddress.parse(text) == ListenAddress(host: host, port: port))
    }

    @Test func invalidListenAddresses() {
        for text in ["8080", "host:", "host:99999", "::1:80", "[::1]80"] {
            #expect(ListenAddress.parse(text) == nil, "\(text)")
        }
    }
}

@Suite("PrextraSync:Tls")
struct TLSSettingsTests {
    typealias F = ConfigurationFixture

    static let certificate = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
    static let key = "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS1ieXRlcw==\n-----END PRIVATE KEY-----\n"

    @Test("Both PEM files are read; the key is a secret the scrubber knows")
    func readsBothFiles() throws {
        let loaded = try F.load(
            F.exchange(F.environment(), service: #"{ "Tls": { "CertificateFile": "tls/server.pem", "KeyFile": "tls/server.key" } }"#),
            files: ["tls/server.pem": Self.certificate, "tls/server.key": Self.key])
        #expect(loaded.problems.isEmpty, "\(loaded.problems)")
        let tls = try #require(loaded.service.tls)
        #expect(tls.certificateChainPEM == Self.certificate && tls.keyPath.path.hasSuffix("tls/server.key"))
        #expect(!loaded.secretScrubber.scrub("key: \(Self.key)").contains("c2VjcmV0LWtleS1ieXRlcw=="))
    }

    @Test("A missing file, a file that is not PEM, a missing key: each named with its key and fix")
    func badInput() throws {
        let missing = try F.load(F.exchange(F.environment(), service: #"{ "Tls": { "CertificateFile": "nowhere.pem", "KeyFile": "server.key" } }"#),
                                 files: ["server.key": Self.key])
        #expect(missing.serviceProblems.contains { $0.key == "Tls:CertificateFile" && $0.severity == .error })
        #expect(missing.service.tls == nil)
        let notPEM = try F.load(F.exchange(F.environment(), service: #"{ "Tls": { "CertificateFile": "server.pem", "KeyFile": "server.key" } }"#),
                                files: ["server.pem": "hello", "server.key": Self.key])
        #expect(notPEM.serviceProblems.contains { $0.key == "Tls:CertificateFile" && $0.description(in: .english).contains("openssl x509") })
        let noKey = try F.load(F.exchange(F.environment(), service: #"{ "Tls": { "CertificateFile": "server.pem" } }"#),
                               files: ["server.pem": Self.certificate])
        #expect(noKey.serviceProblems.contains { $0.key == "Tls:KeyFile" })
        #expect(!noKey.problems.contains { $0.description(in: .english).contains("c2VjcmV0") }, "the key's contents are never shown")
    }
}
