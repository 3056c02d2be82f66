import Foundation
import MicrosoftIdentity
import ServiceConfiguration
import SimulatorTestSupport
import SyncEngine
@testable import SyncService
import SyncStore
import Testing

/// An environment configured with `"Api": "Graph"`: the service builds its Graph connector from the
/// configuration (its `GraphUrl`, a token for the Graph resource, whether it sends invitations)
/// and synchronizes every kind through it.
@Suite("An environment on Microsoft Graph")
struct GraphEnvironmentTests {
    let bob = CycleHarness.bob

    @Test("Api: Graph synchronizes appointments, contacts and tasks through Graph, and a second pass writes nothing")
    func graphEnvironmentSynchronizesWhatItsConnectorReaches() async throws {
        try await CycleHarness.with(api: .graph) { harness in
            let fixture = harness.fixture
            let configuration = EnvironmentConfiguration(
                name: CycleHarness.environment, tenantID: SimulatorFixture.contosoTenant, applicationID: SimulatorFixture.contosoApp,
                credential: .secret(Secret(SimulatorFixture.contosoSecret), source: .inline), api: .graph,
                authority: fixture.baseURL, graphURL: fixture.baseURL,
                mailboxes: [SimulatorFixture.alice.rawValue, SimulatorFixture.bob.rawValue])
            let connector = try GraphMailboxConnector(
                environment: configuration, httpClient: SimulatorFixture.httpClient, tokenProviders: fixture.tokenProviders)
            let environment = SyncEnvironment(configuration: configuration, connector: connector)
            #expect(Set(environment.kinds) == Set(EntityKind.allCases))
            #expect(SyncEnvironment.kindsLeftOut([environment]).isEmpty)
            // Without invitations, Graph (which invites whoever an event is written with) leaves attendees alone.
            #expect(connector.fieldsOutOfReach(of: .appointment) == [FieldName.attendees])

            try await harness.upsert(.contact, "c1", ContactFields(givenName: "Jean", surname: "Dupont").fields)
            try await harness.upsert(.task, "t1", TaskFields(subject: "Relancer Dupont", dueDate: LocalDate("2026-03-13")).fields)
            let appointment = AppointmentFields(
                subject: "Revue", timing: .timed(start: Date(timeIntervalSince1970: 1_780_000_000), startTimeZone: "Europe/Paris",
                    end: Date(timeIntervalSince1970: 1_780_003_600), endTimeZone: "Europe/Paris"))
            try await harness.upsert(.appointment, "a1", appointment.fields)

            let service = SyncService(store: harness.store, environments: [environment])
            let runs = try await service.runOnce()
            #expect(runs.allSatisfy { $0.outcome == .succeeded }, "\(runs.map { "\($0.mailbox) \($0.outcome) \($0.error ?? "")" })")

            let contacts = try await connector.readAll(.contact, in: bob).items
            let tasks = try await connector.readAll(.task, in: bob).items
            #expect(contacts.filter { $0.tag == SyncTag(record: "c1") }.count == 1)
            #expect(tasks.filter { $0.tag == SyncTag(record: "t1") }.count == 1)
            let appointments = try await connector.readAll(.appointment, in: bob).items.filter { $0.tag == SyncTag(record: "a1") }
            #expect(appointments.map(\.fields) == [appointment.fields])
            #expect(try await harness.store.mailbox(environment: CycleHarness.environment, address: bob)?.lastFailure == nil)

            // A second pass writes nothing: no echo through Graph.
            let again = try await service.runOnce()
            #expect(again.allSatisfy { !$0.wroteAnything })
        }
    }

    @Test("Api: Graph without the Graph roles is reported at start, naming the roles in English and French, and the other environments start")
    func missingGraphRolesAreReportedAtStart() async throws {
        var seed = SimulatorFixture.graphSeed
        seed.tenants[0].apps[0].roles["graph"] = ["Calendars.ReadWrite", "Mail.Read"]
        try await SimulatorFixture.with(seed: seed) { fixture in
            func entry(_ name: String, _ api: String) -> [String: Any] {
                [
                    "Environment": name, "ApplicationId": SimulatorFixture.contosoApp, "ClientSecret": SimulatorFixture.contosoSecret,
                    "TenantId": SimulatorFixture.contosoTenant, "Api": api, "Authority": fixture.baseURL.absoluteString,
                    "GraphUrl": fixture.baseURL.absoluteString,
                    "EwsUrl": fixture.baseURL.appendingPathComponent("EWS/Exchange.asmx").absoluteString,
                    "Mailboxes": [SimulatorFixture.bob.rawValue],
                ]
            }
            let data = try JSONSerialization.data(withJSONObject: ["Exchange": [entry("online", "Graph"), entry("onprem", "Ews")]])
            let loaded = try ConfigurationLoader(environmentVariables: [:]).load(json: data, baseDirectory: FileManager.default.temporaryDirectory)
            let (environments, unavailable, notices) = await SyncEnvironment.environments(
                from: loaded, httpClient: SimulatorFixture.httpClient, tokenProviders: fixture.tokenProviders)
            #expect(environments.map(\.name) == ["online", "onprem"] && unavailable.isEmpty, "reported, never stopped: \(unavailable)")
            #expect(notices.count == 2, "\(notices)")
            let english = try #require(notices.first), french = try #require(notices.last)
            #expect(english.hasPrefix("environment online (Api: Graph): the Graph token lacks Contacts.ReadWrite, Tasks.ReadWrite.All;"))
            #expect(french.contains("le jeton Graph n'a pas Contacts.ReadWrite, Tasks.ReadWrite.All"))
            #expect(notices.allSatisfy { !$0.contains(SimulatorFixture.contosoSecret) && !$0.contains("onprem") })
            #expect(environments.first?.apiChoice?.notice == english + "\n" + french)
            #expect(environments.last?.apiChoice?.notice == nil)
        }
    }
}
