import Foundation
import Testing
import ServiceConfiguration

@Suite("The vendor's Exchange section loads as it is")
struct SeedSectionTests {
    typealias F = ConfigurationFixture

    @Test func seedSectionLoadsWithDefaults() throws {
        let loaded = try F.load(F.seedSection)
        #expect(loaded.problems.isEmpty, "\(loaded.problems)")
        #expect(!loaded.hasErrors)
        #expect(loaded.environments.map(\.name) == ["prextra", "autreClient"])

        let prextra = try #require(loaded.environment(named: "prextra"))
        #expect(prextra.tenantID == F.prextraTenant)
        #expect(prextra.applicationID == F.prextraApp)
        #expect(prextra.credential == .secret(Secret(F.prextraSecret), source: .inline))
        #expect(prextra.api == .auto, "no Api means Auto")
        #expect(prextra.ewsURL.absoluteString == "https://outlook.office365.com/EWS/Exchange.asmx")
        #expect(prextra.authority.absoluteString == "https://login.microsoftonline.com")
        #expect(prextra.graphURL.absoluteString == "https://graph.microsoft.com")
        #expect(prextra.exchangeVersion == .exchange2013SP1)
        #expect(prextra.mailboxes.isEmpty)
        #expect(prextra.sync == .default)
        #expect(prextra.sync.category == "Prextra")
        #expect(prextra.sync.sendMeetingInvitations == false)
        #expect(prextra.sync.appointments == EntitySyncPolicy(direction: .twoWay, conflict: .crmWins, delete: .propagate))
        #expect(prextra.tokenEndpoint.absoluteString
            == "https://login.microsoftonline.com/\(F.prextraTenant)/oauth2/v2.0/token")

        let autre = try #require(loaded.environment(named: "AUTRECLIENT"), "lookup by name ignores case")
        #expect(autre.credential == .secret(Secret(F.autreSecret), source: .inline))
        #expect(loaded.environmentReports.map(\.status) == [.valid, .valid])
    }

    @Test func serviceSettingsDefaultWhenOnlyExchangeIsGiven() throws {
        let loaded = try F.load(F.seedSection)
        let service = loaded.service
        guard case .sqlite(let path) = service.store else {
            Issue.record("expected the SQLite default, got \(service.store)")
            return
        }
        #expect(path.lastPathComponent == "prextra-sync.sqlite")
        #expect(path.deletingLastPathComponent().standardizedFileURL.path
            == loaded.source?.deletingLastPathComponent().standardizedFileURL.path)
        #expect(service.listen == ListenAddress(host: "127.0.0.1", port: 8080))
        #expect(service.apiKeys.isEmpty)
        #expect(service.syncInterval == .seconds(60))
        #expect(service.concurrencyPerTenant == 4)
        #expect(service.webhook == nil)
        #expect(loaded.serviceProblems.isEmpty)
    }

    @Test func keysMatchWithoutRegardToCase() throws {
        let json = """
        { "exchange": [ { "ENVIRONMENT": "prextra", "applicationid": "\(F.prextraApp.uppercased())",
                          "clientSECRET": "\(F.prextraSecret)", "tenantID": "\(F.prextraTenant)",
                          "api": "GRAPH", "sync": { "contacts": { "direction": "crm-to-outlook" } } } ],
          "prextrasync": { "listen": "0.0.0.0:9090" } }
        """
        let loaded = try F.load(json)
        #expect(loaded.problems.isEmpty, "\(loaded.problems)")
        let environment = try #require(loaded.environment(named: "prextra"))
        #expect(environment.applicationID == F.prextraApp, "GUIDs are normalized to lower case")
        #expect(environment.api == .graph)
        #expect(environment.sync.contacts.direction == .crmToOutlook)
        #expect(loaded.service.listen == ListenAddress(host: "0.0.0.0", port: 9090))
    }

    @Test func foreignSectionsAreIgnored() throws {
        let json = """
        { "Logging": { "LogLevel": { "Default": "Warning" } }, "AllowedHosts": "*",
          "Erp": [ 1, 2, { "deep": [ null, true ] } ], "Kestrel": null,
          "Exchange": [ \(F.environment()) ] }
        """
        let loaded = try F.load(json)
        #expect(loaded.problems.isEmpty, "\(loaded.problems)")
        #expect(loaded.environments.count == 1)
    }

    @Test func commentsAndTrailingCommasAreAccepted() throws {
        let json = """
        {
          // The vendor's section
          "Exchange": [
            { "Environment": "prextra", /* inline comment */ "ApplicationId": "\(F.prextraApp)",
              "ClientSecret": "\(F.prextraSecret)", "TenantId": "\(F.prextraTenant)", },
          ],
          "Note": "a // inside a string is not a comment, nor is /* this */",
          "Quoted": "an escaped \\" then // still inside, and a trailing comma ,]",
        }
        """
        let loaded = try F.load(json)
        #expect(loaded.problems.isEmpty, "\(loaded.problems)")
        #expect(loaded.environments.count == 1)

        let secretWithSlashes = "ab8Q~//not-a-comment/*either*/,]x"
        let slashes = try F.load(F.exchange(F.environment(secret: secretWithSlashes)))
        #expect(slashes.environments.first?.credential == .secret(Secret(secretWithSlashes), source: .inline),
                "a secret containing // or /* is read whole")
    }

    @Test func jsonBooleansAndNumbersReadAsText() throws {
        let json = F.exchange(
            F.environment(extra: #""Sync": { "SendMeetingInvitations": true }"#),
            service: #"{ "ConcurrencyPerTenant": 8, "SyncInterval": 90 }"#)
        let loaded = try F.load(json)
        #expect(loaded.problems.isEmpty, "\(loaded.problems)")
        #expect(loaded.environments.first?.sync.sendMeetingInvitations == true)
        #expect(loaded.service.concurrencyPerTenant == 8)
        #expect(loaded.service.syncInterval == .seconds(90))
    }

    @Test func exampleFilesLoad() throws {
        let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Examples").standardizedFileURL
        let seed = try ConfigurationLoader(environmentVariables: [:], now: F.now)
            .load(contentsOf: examples.appendingPathComponent("appsettings.seed-section.json"))
        #expect(seed.problems.isEmpty, "\(seed.problems)")
        #expect(seed.environments.count == 2)

        let variables = [
            "PREXTRA_SECRET_PREXTRA": F.prextraSecret, "PREXTRA_SECRET_AUTRECLIENT": F.autreSecret,
            "PREXTRA_ERP_API_KEY": "k3y-for-the-erp-0123456789abcdefghij",
            "PREXTRA_OPS_API_KEY": "k3y-for-operators-0123456789abcdefgh",
            "PREXTRA_WEBHOOK_SECRET": "whsec-0123456789abcdefghijklmnop",
        ]
        let full = try ConfigurationLoader(environmentVariables: variables, now: F.now)
            .load(contentsOf: examples.appendingPathComponent("appsettings.json"))
        #expect(!full.hasErrors, "\(full.problems)")
        #expect(full.environments.count == 2)
        #expect(full.service.apiKeys.count == 2)
        #expect(full.service.webhook != nil)
        #expect(full.environment(named: "autreClient")?.notifications?.url.absoluteString == "https://sync.example.com/v1/notifications/graph")
        #expect(full.service.syncIntervalWithNotifications == .seconds(900))
    }
}
