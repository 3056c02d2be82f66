import Foundation
import SimulatorTestSupport
import SyncEngine
import SyncService
import Testing

/// The contract of `MailboxConnector` for contacts, run once per API against the simulator over
/// loopback (one suite, parameterised by connector, never copied): round trip, change stream,
/// tags, fenced writes, and the same item seen through both APIs.
@Suite("Contact connector contract, on EWS and on Graph")
struct ContactConnectorTests {
    let mailbox = SimulatorFixture.alice

    static let contact = ContactFields(
        givenName: "Émilie", middleName: "Anne", surname: "Tremblay", displayName: "Émilie Tremblay",
        companyName: "Tremblay & Fils", jobTitle: "Directrice", department: "Achats",
        emailAddresses: ["emilie@tremblay.example", "e.tremblay@perso.example"],
        phones: [.business: "+1 418 555 0100", .business2: "+1 418 555 0102", .mobile: "+1 418 555 0199", .home: "+1 418 555 0142"],
        addresses: [
            .business: PhysicalAddress(street: "12 rue du Port", city: "Québec", state: "QC", postalCode: "G1K 4E2", countryOrRegion: "Canada"),
            .other: PhysicalAddress(city: "Montréal", countryOrRegion: "Canada"),
        ],
        notes: "Préfère le courriel.", categories: ["Prextra", "Clients"])

    static func with(_ api: ConnectorAPI, _ body: (SimulatorFixture, any MailboxConnector) async throws -> Void) async throws {
        try await SimulatorFixture.with(seed: SimulatorFixture.graphSeed) { fixture in
            try await body(fixture, try fixture.connector(api))
        }
    }

    @Test("A contact written comes back with the same fields, its tag and a version", arguments: ConnectorAPI.allCases)
    func roundTrip(_ api: ConnectorAPI) async throws {
        try await Self.with(api) { _, connector in
            let reference = try await connector.create(Self.contact.fields, kind: .contact, record: "c-1", in: mailbox)
            let item = try #require(try await connector.itemOf("c-1", kind: .contact, in: mailbox))
            #expect(item.reference == reference)
            #expect(try ContactFields(fields: item.fields) == Self.contact)
            #expect(item.modifiedAt != nil)
            #expect(try await connector.items(taggedWith: [SyncTag(record: "c-1")], kind: .contact, in: mailbox).map(\.id) == [item.id])
            #expect(try await connector.items(taggedWith: [SyncTag(record: "nobody")], kind: .contact, in: mailbox).isEmpty)
        }
    }

    @Test("The change stream resumes from its cursor: nothing when idle, then an edit, then a delete", arguments: ConnectorAPI.allCases)
    func changeStream(_ api: ConnectorAPI) async throws {
        try await Self.with(api) { fixture, connector in
            _ = try await connector.create(Self.contact.fields, kind: .contact, record: "c-1", in: mailbox)
            let first = try await connector.readAll(.contact, in: mailbox)
            let item = try #require(first.items.first { $0.tag == SyncTag(record: "c-1") })

            let idle = try await connector.readAll(.contact, in: mailbox, since: first.cursor)
            #expect(idle.items.isEmpty && idle.deleted.isEmpty)

            let stored = try #require(try fixture.exchange.items(in: mailbox.rawValue, folder: "contacts").first { $0.xml.contains("Tremblay & Fils") || $0.xml.contains("Tremblay &amp; Fils") })
            try fixture.exchange.updateItem(in: mailbox.rawValue, id: stored.id, set: ["JobTitle": "Gérante"])
            let edited = try await connector.readAll(.contact, in: mailbox, since: idle.cursor)
            let changed = try #require(edited.items.first)
            #expect(edited.items.count == 1)
            #expect(changed.id == item.id)
            #expect(changed.reference.changeKey != item.reference.changeKey)
            #expect(changed.fields[FieldName.jobTitle] == .text("Gérante"))

            try fixture.exchange.deleteItem(in: mailbox.rawValue, id: stored.id)
            let gone = try await connector.readAll(.contact, in: mailbox, since: edited.cursor)
            #expect(gone.deleted == [item.id])
        }
    }

    @Test("Writes are fenced by the version read: stale is a conflict, a deleted item is never written again", arguments: ConnectorAPI.allCases)
    func fencedWrites(_ api: ConnectorAPI) async throws {
        try await Self.with(api) { fixture, connector in
            let created = try await connector.create(Self.contact.fields, kind: .contact, record: "c-1", in: mailbox)
            let patch = FieldPatch(values: [FieldName.jobTitle: .text("Présidente")], cleared: [PhoneKind.business2.fieldName])
            let written = try await connector.apply(
                [.update(item: created, patch: patch, tag: nil, sendMeetingInvitations: false)], kind: .contact, in: mailbox)
            guard case .written(let updated)? = written.first else {
                Issue.record("update gave \(written)")
                return
            }
            let item = try #require(try await connector.itemOf("c-1", kind: .contact, in: mailbox))
            #expect(item.reference == updated)
            #expect(item.fields[FieldName.jobTitle] == .text("Présidente"))
            #expect(item.fields[PhoneKind.business2.fieldName] == nil)
            #expect(item.fields[PhoneKind.business.fieldName] == .text("+1 418 555 0100"))

            // The version the first write replaced is stale now.
            let stale = try await connector.apply(
                [.update(item: created, patch: patch, tag: nil, sendMeetingInvitations: false)], kind: .contact, in: mailbox)
            #expect(stale == [.conflict])

            let deleted = try await connector.apply([.delete(item: updated, sendMeetingCancellations: false)], kind: .contact, in: mailbox)
            #expect(deleted == [.deleted])
            // Written again after the delete, the update is refused. EWS moved the item to Deleted
            // Items under a new id (not found); Graph's immutable id follows it there, at a new
            // version (a conflict). Either way the next read reports the item removed.
            let again = try await connector.apply(
                [.update(item: updated, patch: patch, tag: nil, sendMeetingInvitations: false)], kind: .contact, in: mailbox)
            #expect(again == [api == .ews ? .notFound : .conflict])
            #expect(try fixture.exchange.items(in: mailbox.rawValue, folder: "contacts").allSatisfy { !$0.xml.contains("Présidente") })
        }
    }

    @Test("An item one API created is found by the other's tag search, at the same version, with the same fields")
    func sameItemThroughBothAPIs() async throws {
        try await SimulatorFixture.with(seed: SimulatorFixture.graphSeed) { fixture in
            let ews = try fixture.connector(.ews)
            let graph = try fixture.connector(.graph)
            _ = try await ews.create(Self.contact.fields, kind: .contact, record: "from-ews", in: mailbox)
            _ = try await graph.create(Self.contact.fields, kind: .contact, record: "from-graph", in: mailbox)
            for record: RecordID in ["from-ews", "from-graph"] {
                let seenByEWS = try #require(try await ews.items(taggedWith: [SyncTag(record: record)], kind: .contact, in: mailbox).first)
                let seenByGraph = try #require(try await graph.items(taggedWith: [SyncTag(record: record)], kind: .contact, in: mailbox).first)
                #expect(seenByEWS.fields == seenByGraph.fields, "\(record)")
                #expect(seenByEWS.reference.changeKey == seenByGraph.reference.changeKey, "\(record)")
            }
        }
    }

    @Test("Graph cannot see a fax number: it reads none and never writes one over the item's")
    func faxIsOutOfGraphsReach() async throws {
        try await SimulatorFixture.with(seed: SimulatorFixture.graphSeed) { fixture in
            let ews = try fixture.connector(.ews)
            let graph = try fixture.graphConnector()
            var withFax = Self.contact
            withFax.phones[.businessFax] = "+1 418 555 0101"
            _ = try await ews.create(withFax.fields, kind: .contact, record: "c-fax", in: mailbox)
            #expect(graph.fieldsOutOfReach(of: .contact).contains(PhoneKind.businessFax.fieldName))

            let item = try #require(try await graph.items(taggedWith: [SyncTag(record: "c-fax")], kind: .contact, in: mailbox).first)
            #expect(item.fields[PhoneKind.businessFax.fieldName] == nil)
            let patch = FieldPatch(values: [FieldName.department: .text("Ventes")], cleared: [PhoneKind.businessFax.fieldName])
            let written = try await graph.apply(
                [.update(item: item.reference, patch: patch, tag: nil, sendMeetingInvitations: false)], kind: .contact, in: mailbox)
            #expect(written.count == 1)
            let after = try #require(try await ews.items(taggedWith: [SyncTag(record: "c-fax")], kind: .contact, in: mailbox).first)
            #expect(after.fields[PhoneKind.businessFax.fieldName] == .text("+1 418 555 0101"))
            #expect(after.fields[FieldName.department] == .text("Ventes"))
        }
    }
}
