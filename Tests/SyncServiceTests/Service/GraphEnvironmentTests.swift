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
}
