import ExchangeSimulator
import Foundation
import MicrosoftIdentity
import ServiceConfiguration
import SimulatorTestSupport
import SyncEngine
@testable import SyncService
import SyncStore
import Testing

/// `"Api": "Auto"`, the default: an environment synchronized through EWS moves to Graph by itself
/// once its token carries the Graph roles, writing nothing; without them it stays on EWS and says
/// what to do; an on-premises `EwsUrl` is EWS without asking.
@Suite("Api: Auto")
struct AutoAPITests {
    let bob = CycleHarness.bob

    /// The Contoso environment as a configuration file writes it, without `Api` (so `Auto`).
    static func configuration(_ fixture: SimulatorFixture, ewsURL: URL? = nil) throws -> LoadedConfiguration {
        let entry: [String: Any] = [
            "Environment": CycleHarness.environment, "ApplicationId": SimulatorFixture.contosoApp,
            "ClientSecret": SimulatorFixture.contosoSecret, "TenantId": SimulatorFixture.contosoTenant,
            "EwsUrl": (ewsURL ?? fixture.baseURL.appendingPathComponent("EWS/Exchange.asmx")).absoluteString,
            "Authority": fixture.baseURL.absoluteString, "GraphUrl": fixture.baseURL.absoluteString,
            "Mailboxes": [SimulatorFixture.alice.rawValue, SimulatorFixture.bob.rawValue],
        ]
        let data = try JSONSerialization.data(withJSONObject: ["Exchange": [entry]])
        return try ConfigurationLoader(environmentVariables: [:]).load(json: data, baseDirectory: FileManager.default.temporaryDirectory)
    }

    @Test("With the Graph roles granted, Auto moves an environment synchronized through EWS to Graph: no write, every link kept, then changes flow")
    func movesToGraphWritingNothing() async throws {
        try await CycleHarness.with(seed: SimulatorFixture.graphSeed) { harness in
            try await GraphMigrationTests().synchronizedThroughEWS(harness)
            let ewsLinks = try await harness.links(bob)
            let loaded = try Self.configuration(harness.fixture)
            #expect(loaded.environments.first?.api == .auto, "no Api means Auto")

            let (environments, unavailable, notices) = await SyncEnvironment.environments(
                from: loaded, store: harness.store, httpClient: SimulatorFixture.httpClient, tokenProviders: harness.fixture.tokenProviders,
                worker: "auto-test")
            #expect(unavailable.isEmpty)
            let environment = try #require(environments.first)
            #expect(environment.connector is GraphMailboxConnector)
            #expect(notices.contains { $0.contains("moved to Microsoft Graph") && $0.contains("\(ewsLinks.count) link(s) translated") }, "\(notices)")

            let service = SyncService(store: harness.store, environments: environments)
            var runs: [SyncRunSummary] = []
            let requests = try await harness.requests { runs = try await service.runOnce() }
            #expect(runs.allSatisfy { $0.outcome == .succeeded }, "\(runs.map { "\($0.mailbox) \($0.outcome) \($0.error ?? "")" })")
            #expect(requests.writes.isEmpty, "\(requests.writes.map(\.operation))")
            #expect(runs.allSatisfy { $0.outlookWrites == 0 && $0.crmWrites == 0 })
            let links = try await harness.links(bob)
            #expect(Set(links.map(\.record)) == Set(ewsLinks.map(\.record)), "every link kept")
            #expect(Set(links.map(\.itemID)).isDisjoint(with: ewsLinks.map(\.itemID)), "the Graph ids stored")

            // A second start finds nothing left to move, and an edit made in Outlook flows through Graph.
            let again = await SyncEnvironment.environments(
                from: loaded, store: harness.store, httpClient: SimulatorFixture.httpClient, tokenProviders: harness.fixture.tokenProviders)
            #expect(again.notices.isEmpty, "\(again.notices)")
            let series = try #require(try harness.exchange.items(in: bob.rawValue, folder: "calendar").first { $0.subject == "Comité de pilotage" })
            try harness.exchange.updateItem(in: bob.rawValue, id: series.id, set: ["Subject": "Comité de pilotage (Graph)"])
            _ = try await SyncService(store: harness.store, environments: again.environments).runOnce()
            #expect(try await harness.record(.appointment, "series")?.fields[FieldName.subject] == .text("Comité de pilotage (Graph)"))
        }
    }

    @Test("Without the Graph roles, Auto stays on EWS and says, in English and in French, the deadline and the steps")
    func staysOnEWSWithoutGraphRoles() async throws {
        var seed = SimulatorSeed.demo
        seed.tenants[0].apps[0].roles["graph"] = []
        try await SimulatorFixture.with(seed: seed) { fixture in
            let loaded = try Self.configuration(fixture)
            let environment = try #require(loaded.environments.first)
            let choice = await AutoAPIChoice.choose(for: environment, tokenProviders: fixture.tokenProviders)
            #expect(choice.api == .ews)
            #expect(choice.reason == .graphRolesMissing(AutoAPIChoice.graphRoles.sorted()), "\(choice.reason)")
            let english = try #require(choice.notice(environment: "contoso"))
            let french = try #require(choice.notice(environment: "contoso", french: true))
            for text in [english, french] {
                #expect(text.contains("2027-04-01") && text.contains("prextra-sync manifest --api graph"), "\(text)")
                #expect(!text.contains(SimulatorFixture.contosoSecret))
            }
            #expect(french.contains("consentement administrateur"))
            let (environments, _, notices) = await SyncEnvironment.environments(
                from: loaded, httpClient: SimulatorFixture.httpClient, tokenProviders: fixture.tokenProviders)
            #expect(environments.first?.connector is EWSMailboxConnector)
            #expect(notices == [english])
        }
    }

    @Test("An on-premises EwsUrl is EWS, decided without asking Entra ID")
    func onPremisesIsEWS() async throws {
        try await SimulatorFixture.with(seed: SimulatorFixture.graphSeed) { fixture in
            let loaded = try Self.configuration(fixture, ewsURL: URL(string: "https://mail.contoso.example/EWS/Exchange.asmx")!)
            let environment = try #require(loaded.environments.first)
            fixture.exchange.clearRequestLog()
            let choice = await AutoAPIChoice.choose(for: environment, tokenProviders: fixture.tokenProviders)
            #expect(choice == AutoAPIChoice(api: .ews, reason: .onPremises))
            #expect(choice.notice(environment: "contoso") == nil)
            #expect(fixture.exchange.requestLog.isEmpty, "\(fixture.exchange.requestLog.map(\.operation))")
        }
    }
}
