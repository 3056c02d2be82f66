import Foundation
import SimulatorTestSupport
import SyncEngine
@testable import SyncService
import SyncStore
import Testing

/// Contacts synchronized through EWS, then through Graph: the first step of issue 14's move of an
/// environment (before id translation, which will spare the tag searches).
@Suite("Contacts move from EWS to Graph")
struct GraphSwitchTests {
    let bob = CycleHarness.bob
    static let contactsOnly = SyncPolicy(entities: [.appointment: EntityPolicy(direction: .off), .task: EntityPolicy(direction: .off)])

    static let contact = ContactFields(
        givenName: "Jean", surname: "Dupont", displayName: "Jean Dupont", companyName: "Dupont SA", jobTitle: "Gérant",
        emailAddresses: ["jean@dupont.example"], phones: [.business: "+33 1 23 45 67 89", .businessFax: "+33 1 23 45 67 80"])

    @Test("The first Graph cycle writes nothing on either side, links follow the Graph ids, a fax Graph cannot see stays; edits then flow both ways")
    func switchWritesNothingAndKeepsWhatGraphCannotSee() async throws {
        try await CycleHarness.with(seed: SimulatorFixture.graphSeed) { harness in
            for index in 1...3 {
                var fields = Self.contact
                fields.surname = "Dupont \(index)"
                try await harness.upsert(.contact, RecordID("c\(index)"), fields.fields)
            }
            try await harness.sync(bob, policy: Self.contactsOnly)
            try await harness.sync(bob, policy: Self.contactsOnly)
            let ewsLinks = try await harness.links(bob)
            #expect(ewsLinks.count == 3)

            var graphCycle = harness.cycle(bob, policy: Self.contactsOnly)
            graphCycle.connector = try harness.fixture.graphConnector()
            var summary: SyncRunSummary?
            let requests = try await harness.requests { summary = try await graphCycle.run() }
            #expect(requests.writes.isEmpty, "EWS was written to")
            #expect(summary?.outlookWrites == 0, "writes through Graph")
            #expect(summary?.crmWrites == 0)
            #expect(summary?.fullResyncs == [.contact], "the EWS sync state is not a Graph link: the folder is read whole")
            let graphLinks = try await harness.links(bob)
            #expect(graphLinks.count == 3)
            #expect(Set(graphLinks.map(\.itemID)).isDisjoint(with: ewsLinks.map(\.itemID)), "the links name the Graph ids")
            #expect(try await harness.outlookFeed().isEmpty, "the ERP hears of nothing")
            for index in 1...3 {
                let record = try await harness.record(.contact, RecordID("c\(index)"))
                #expect(record?.fields[PhoneKind.businessFax.fieldName] == .text("+33 1 23 45 67 80"))
            }

            // Steady state through Graph: nothing to do.
            var quiet = harness.cycle(bob, policy: Self.contactsOnly)
            quiet.connector = graphCycle.connector
            let idle = try await quiet.run()
            #expect(idle.outlookWrites == 0 && idle.crmWrites == 0)

            // The user edits in Outlook; the ERP edits a record: both flow through Graph.
            let item = try #require(try harness.exchange.items(in: bob.rawValue, folder: "contacts").first { $0.xml.contains("Dupont 1") })
            try harness.exchange.updateItem(in: bob.rawValue, id: item.id, set: ["JobTitle": "Directeur"])
            var edited = Self.contact
            edited.surname = "Dupont 2"
            edited.department = "Achats"
            try await harness.upsert(.contact, "c2", edited.fields)
            var next = harness.cycle(bob, policy: Self.contactsOnly)
            next.connector = graphCycle.connector
            try await next.run()
            #expect(try await harness.record(.contact, "c1")?.fields[FieldName.jobTitle] == .text("Directeur"))
            #expect(try await harness.record(.contact, "c1")?.fields[PhoneKind.businessFax.fieldName] == .text("+33 1 23 45 67 80"))
            let c2 = try #require(try await harness.connector.items(taggedWith: [SyncTag(record: "c2")], kind: .contact, in: bob).first)
            #expect(c2.fields[FieldName.department] == .text("Achats"))
            #expect(c2.fields[PhoneKind.businessFax.fieldName] == .text("+33 1 23 45 67 80"))
        }
    }

    @Test("Tasks synchronized through EWS are never read through Graph as deleted: without a migration the cycle stops, names it, and changes nothing")
    func tasksWaitForTheirIDsToBeTranslated() async throws {
        try await CycleHarness.with(seed: SimulatorFixture.graphSeed) { harness in
            let withTasks = SyncPolicy(entities: [.appointment: EntityPolicy(direction: .off)])
            try await harness.upsert(.task, "t1", TaskFields(subject: "Relancer Dupont", dueDate: LocalDate("2026-03-13")).fields)
            try await harness.sync(bob, policy: withTasks)
            try await harness.sync(bob, policy: withTasks)
            let links = try await harness.links(bob)

            var graphCycle = harness.cycle(bob, policy: withTasks)
            graphCycle.connector = try harness.fixture.graphConnector()
            let requests = try await harness.requests {
                await #expect(throws: SyncCycleError.self) { try await graphCycle.run() }
            }
            #expect(requests.writes.isEmpty)
            #expect(try await harness.record(.task, "t1")?.isDeleted == false, "the CRM task was taken for deleted")
            #expect(try await harness.links(bob) == links)
            let failure = try #require(try await harness.store.mailbox(environment: CycleHarness.environment, address: bob)?.lastFailure)
            #expect(failure.message.contains("prextra-sync migrate"), "\(failure.message)")
            #expect(try await harness.outlookFeed().isEmpty)
        }
    }
}
