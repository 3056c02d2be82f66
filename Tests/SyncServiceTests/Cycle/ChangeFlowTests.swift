import Foundation
import SyncEngine
@testable import SyncService
import SyncStore
import Testing

/// Invariants 2, 3, 5, 6 and 7: no lost change, no echo, deletes per policy, opt-in, no invitation.
@Suite("Changes flow both ways")
struct ChangeFlowTests {
    let bob = CycleHarness.bob
    static let types = "xmlns:t=\"http://schemas.microsoft.com/exchange/services/2006/types\""

    static let contact = ContactFields(
        givenName: "Jean", surname: "Dupont", displayName: "Jean Dupont", companyName: "Dupont SA", emailAddresses: ["jean@dupont.example"])

    @Test("A cycle with nothing changed makes one SyncFolderItems per folder and no write")
    func steadyState() async throws {
        try await CycleHarness.with { harness in
            try await harness.upsert(.contact, "c1", Self.contact.fields)
            try await harness.upsert(.task, "t1", TaskFields(subject: "Relancer", dueDate: LocalDate("2026-03-13")).fields)
            let first = try await harness.sync(bob)
            #expect(first.counts.itemsCreated == 2)
            // Our creates come back once through the change stream: recognised, nothing written.
            let echo = try await harness.requests { try await harness.sync(bob) }
            #expect(echo.writes.isEmpty)

            var summary: SyncRunSummary?
            let requests = try await harness.requests { summary = try await harness.sync(bob) }
            #expect(requests.writes.isEmpty)
            #expect(requests.count(of: "SyncFolderItems") == 3)
            #expect(Set(requests.map(\.operation)) == ["SyncFolderItems"])
            #expect(summary?.wroteAnything == false)
            #expect(try await harness.outlookFeed().isEmpty)
        }
    }

    @Test("CRM edits reach Outlook and Outlook edits reach the CRM and its feed, field by field, without echo")
    func editsBothWays() async throws {
        try await CycleHarness.with { harness in
            try await harness.upsert(.contact, "c1", Self.contact.fields)
            try await harness.sync(bob)

            // CRM → Outlook.
            var fromCRM = Self.contact
            fromCRM.jobTitle = "Directeur"
            try await harness.upsert(.contact, "c1", fromCRM.fields)
            let push = try await harness.requests { try await harness.sync(bob) }
            #expect(push.count(of: "UpdateItem") == 1)
            #expect(push.count(of: "CreateItem") == 0)
            let item = try await harness.item(.contact, of: "c1", in: bob)
            #expect(item.fields == fromCRM.fields)

            // Outlook → CRM, while the CRM changes another field: both survive.
            try harness.exchange.updateItem(in: bob.rawValue, id: item.id.rawValue, set: ["CompanyName": "Dupont & Fils"])
            var both = fromCRM
            both.department = "Achats"
            try await harness.upsert(.contact, "c1", both.fields)
            try await harness.sync(bob)
            both.companyName = "Dupont & Fils"
            #expect(try await harness.record(.contact, "c1")?.fields == both.fields)
            #expect(try await harness.item(.contact, of: "c1", in: bob).fields == both.fields)

            // The ERP reads the Outlook change from its feed, with the record's new version.
            let feed = try await harness.outlookFeed()
            #expect(feed.count == 1)
            #expect(feed.first?.operation == .updated)
            #expect(feed.first?.fields == [FieldName.companyName: .text("Dupont & Fils")])
            #expect(feed.first?.recordVersion == (try await harness.record(.contact, "c1"))?.version)

            // Our own writes come back through the change stream and are recognised.
            #expect(try await harness.requests { try await harness.sync(bob) }.writes.isEmpty)
            #expect(try await harness.outlookFeed().count == 1)
        }
    }

    @Test("An item edited in Outlook while the cycle writes to it is left for the next cycle, which merges both edits")
    func staleChangeKey() async throws {
        try await CycleHarness.with { harness in
            try await harness.upsert(.contact, "c1", Self.contact.fields)
            try await harness.sync(bob)
            try await harness.sync(bob)
            let item = try await harness.item(.contact, of: "c1", in: bob)
            let linkBefore = try #require(try await harness.links(bob).first)

            var fromCRM = Self.contact
            fromCRM.jobTitle = "Directeur"
            try await harness.upsert(.contact, "c1", fromCRM.fields)
            // The user edits the item between our read and our UpdateItem: its change key is stale.
            var racing = harness.cycle(bob)
            racing.connector = ObservingConnector(base: harness.connector) { _, _ in
                _ = try harness.exchange.updateItem(
                    in: CycleHarness.bob.rawValue, id: item.id.rawValue, set: ["Department": "Achats"])
            }
            let raced = try await racing.run()
            #expect(raced.deferred == 1)
            #expect(try await harness.links(bob).first == linkBefore)

            let merged = try await harness.sync(bob)
            #expect(merged.deferred == 0)
            var both = fromCRM
            both.department = "Achats"
            #expect(try await harness.item(.contact, of: "c1", in: bob).fields == both.fields)
            #expect(try await harness.record(.contact, "c1")?.fields == both.fields)
            #expect(try await harness.requests { try await harness.sync(bob) }.writes.isEmpty)
        }
    }

    @Test("Deletes propagate both ways by default")
    func deletesPropagate() async throws {
        try await CycleHarness.with { harness in
            try await harness.upsert(.contact, "c1", Self.contact.fields)
            try await harness.upsert(.contact, "c2", ContactFields(givenName: "Marie", surname: "Curie").fields)
            try await harness.sync(bob)

            // Deleted in the CRM: the item goes.
            try await harness.store.deleteRecord(environment: CycleHarness.environment, record: RecordKey(.contact, "c1"), ifMatch: nil)
            let cascade = try await harness.requests { try await harness.sync(bob) }
            #expect(cascade.count(of: "DeleteItem") == 1)
            #expect(try await harness.items(.contact, in: bob).map(\.tag) == [SyncTag(record: "c2")])

            // Deleted in Outlook: the record goes, and the ERP hears of it.
            let item = try await harness.item(.contact, of: "c2", in: bob)
            try harness.exchange.deleteItem(in: bob.rawValue, id: item.id.rawValue)
            try await harness.sync(bob)
            #expect(try await harness.record(.contact, "c2")?.isDeleted == true)
            #expect(try await harness.outlookFeed().map(\.operation) == [.deleted])
            #expect(try await harness.links(bob).isEmpty)
            #expect(try await harness.requests { try await harness.sync(bob) }.writes.isEmpty)
        }
    }

    @Test("With the unlink policy an Outlook delete keeps the record and the record is not pushed again")
    func deleteUnlinks() async throws {
        try await CycleHarness.with { harness in
            let policy = SyncPolicy(defaultEntityPolicy: EntityPolicy(delete: .unlink))
            try await harness.upsert(.contact, "c1", Self.contact.fields)
            try await harness.sync(bob, policy: policy)
            try await harness.sync(bob, policy: policy)
            let item = try await harness.item(.contact, of: "c1", in: bob)
            try harness.exchange.deleteItem(in: bob.rawValue, id: item.id.rawValue)

            try await harness.sync(bob, policy: policy)
            #expect(try await harness.record(.contact, "c1")?.isDeleted == false)
            #expect(try await harness.outlookFeed().isEmpty)
            // Edited in the CRM afterwards: still not pushed back to the mailbox.
            var changed = Self.contact
            changed.jobTitle = "Directeur"
            try await harness.upsert(.contact, "c1", changed.fields)
            let requests = try await harness.requests { try await harness.sync(bob, policy: policy) }
            #expect(requests.writes.isEmpty)
            #expect(try await harness.items(.contact, in: bob).isEmpty)
        }
    }

    @Test("An item deleted while the cycle updates it is found gone by the update, and the policy applies")
    func itemDeletedDuringAnUpdate() async throws {
        try await CycleHarness.with { harness in
            try await harness.upsert(.contact, "c1", Self.contact.fields)
            try await harness.sync(bob)
            try await harness.sync(bob)
            let item = try await harness.item(.contact, of: "c1", in: bob)

            var changed = Self.contact
            changed.jobTitle = "Directeur"
            try await harness.upsert(.contact, "c1", changed.fields)
            // The user deletes the item between the cycle's read and its UpdateItem.
            var racing = harness.cycle(bob)
            racing.connector = ObservingConnector(base: harness.connector) { _, _ in
                guard (try? harness.exchange.item(in: CycleHarness.bob.rawValue, id: item.id.rawValue)) != nil else { return }
                try harness.exchange.deleteItem(in: CycleHarness.bob.rawValue, id: item.id.rawValue)
            }
            let discovery = try await racing.run()
            #expect(discovery.deferred == 0)
            #expect(try await harness.record(.contact, "c1")?.isDeleted == true)
            #expect(try await harness.links(bob).isEmpty)
            #expect(try await harness.outlookFeed().map(\.operation) == [.deleted])
            #expect(try await harness.requests { try await harness.sync(bob) }.writes.isEmpty)
        }
    }

    @Test("An Outlook item reaches the CRM only with the opt-in category, and is then tagged")
    func optIn() async throws {
        try await CycleHarness.with { harness in
            try harness.exchange.createItem(
                in: bob.rawValue, folder: "tasks",
                xml: "<t:Task \(Self.types)><t:Subject>Private errand</t:Subject></t:Task>")
            try harness.exchange.createItem(
                in: bob.rawValue, folder: "tasks",
                xml: "<t:Task \(Self.types)><t:Subject>Call Dupont SA</t:Subject><t:Categories><t:String>Prextra</t:String></t:Categories></t:Task>")
            let summary = try await harness.sync(bob)
            #expect(summary.counts.recordsCreated == 1)

            let records = try await harness.store.records(environment: CycleHarness.environment, ownedBy: bob, entity: .task)
            #expect(records.map { $0.fields[FieldName.subject] } == [.text("Call Dupont SA")])
            let feed = try await harness.outlookFeed()
            #expect(feed.map(\.operation) == [.created])
            let tagged = try await harness.items(.task, in: bob).filter { $0.tag != nil }
            #expect(tagged.map(\.tag) == records.map { SyncTag(record: $0.key.id) })
            #expect(try await harness.requests { try await harness.sync(bob) }.writes.isEmpty)
        }
    }

    @Test("Meetings are written without invitations unless the environment asks for them", arguments: [false, true])
    func invitations(_ send: Bool) async throws {
        try await CycleHarness.with { harness in
            let start = at("2026-05-12T10:00:00", "Europe/Paris")
            let meeting = AppointmentFields(
                subject: "Revue de contrat",
                timing: .timed(start: start, startTimeZone: "Europe/Paris", end: start.addingTimeInterval(3600), endTimeZone: "Europe/Paris"),
                attendees: [Attendee(email: "jean@dupont.example", name: "Jean Dupont", role: .required)])
            try await harness.upsert(.appointment, "a1", meeting.fields)
            try await harness.sync(bob, policy: SyncPolicy(sendMeetingInvitations: send))
            #expect(harness.exchange.sentInvitations.count == (send ? 1 : 0))

            var moved = meeting
            moved.location = "Salle 3"
            try await harness.upsert(.appointment, "a1", moved.fields)
            try await harness.sync(bob, policy: SyncPolicy(sendMeetingInvitations: send))
            #expect(harness.exchange.sentInvitations.count == (send ? 2 : 0))
            #expect(try await harness.item(.appointment, of: "a1", in: bob).fields == moved.fields)
        }
    }
}
