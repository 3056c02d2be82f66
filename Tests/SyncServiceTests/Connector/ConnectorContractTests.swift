import Foundation
import SimulatorTestSupport
import SyncEngine
import SyncService
import Testing

/// The contract of `MailboxConnector`, run once per API and kind against the simulator over
/// loopback (one suite, parameterised by connector, never copied): round trip, change stream,
/// tags, fenced writes; and the same contact seen through both APIs.
@Suite("Connector contract, on EWS and on Graph")
struct ConnectorContractTests {
    let mailbox = SimulatorFixture.alice

    /// The kinds both connectors synchronize, with a sample record and how the user edits it.
    enum Kind: String, CaseIterable, Sendable, CustomStringConvertible {
        case appointment, contact, task
        var description: String { rawValue }
        var entity: EntityKind {
            switch self {
            case .appointment: .appointment
            case .contact: .contact
            case .task: .task
            }
        }
        var folder: String {
            switch self {
            case .appointment: "calendar"
            case .contact: "contacts"
            case .task: "tasks"
            }
        }
        /// Text the sample's stored XML holds (a task's linked resource is not in it).
        var marker: String {
            switch self {
            case .appointment: "Revue du devis"
            case .contact: "Tremblay"
            case .task: "Relancer le devis"
            }
        }
        var sample: FieldSet {
            switch self {
            case .appointment: ConnectorContractTests.appointment.fields
            case .contact: ConnectorContractTests.contact.fields
            case .task: ConnectorContractTests.task.fields
            }
        }
        /// An EWS property the user edits, the value, and the field it lands in.
        var edit: (property: String, value: String, field: String) {
            switch self {
            case .appointment: ("Location", "Salle Champlain", FieldName.location)
            case .contact: ("JobTitle", "Gérante", FieldName.jobTitle)
            case .task: ("Subject", "Relancer Tremblay", FieldName.subject)
            }
        }
        /// A patch the sync would send, and the field it clears.
        var patch: (patch: FieldPatch, cleared: String, kept: String) {
            switch self {
            case .appointment:
                (FieldPatch(values: [FieldName.subject: .text("Revue du devis signé")], cleared: [FieldName.body]),
                 FieldName.body, FieldName.location)
            case .contact:
                (FieldPatch(values: [FieldName.jobTitle: .text("Présidente")], cleared: [PhoneKind.business2.fieldName]),
                 PhoneKind.business2.fieldName, PhoneKind.business.fieldName)
            case .task:
                (FieldPatch(values: [FieldName.subject: .text("Signer le devis")], cleared: [FieldName.dueDate]),
                 FieldName.dueDate, FieldName.startDate)
            }
        }
    }

    /// A weekly series in Montréal's zone (not the CLDR default of its Windows zone), one
    /// occurrence moved and renamed, one cancelled, with attendees and a reminder.
    static let appointment: AppointmentFields = {
        let first = Date(timeIntervalSince1970: 1_796_292_000)  // 2026-12-03T10:00:00Z, a Thursday; 05:00 in Montréal
        let week: TimeInterval = 7 * 86_400
        return AppointmentFields(
            subject: "Revue du devis", body: "Ordre du jour joint.", location: "Salle Laurier",
            timing: .timed(start: first, startTimeZone: "America/Toronto", end: first.addingTimeInterval(3_600), endTimeZone: "America/Toronto"),
            categories: ["Prextra"], attendees: [Attendee(email: "emilie@tremblay.example", name: "Émilie Tremblay")], showAs: .tentative,
            reminderMinutesBeforeStart: 30,
            recurrence: Recurrence(
                pattern: .weekly(interval: 1, daysOfWeek: [.thursday], firstDayOfWeek: .monday),
                range: .numbered(start: LocalDate("2026-12-03")!, count: 10)),
            modifiedOccurrences: [
                OccurrenceChange(
                    originalStart: first.addingTimeInterval(week), start: first.addingTimeInterval(week + 7_200),
                    end: first.addingTimeInterval(week + 10_800), subject: "Revue du devis (reportée)")
            ],
            deletedOccurrences: [first.addingTimeInterval(3 * week)])
    }()

    static let task = TaskFields(
        subject: "Relancer le devis", body: "Devis 2026-114", status: .inProgress, startDate: LocalDate("2026-03-02"),
        dueDate: LocalDate("2026-03-13"), importance: .high, reminderAt: Date(timeIntervalSince1970: 1_773_306_000),
        categories: ["Prextra"])

    static let pairs: [(ConnectorAPI, Kind)] = ConnectorAPI.allCases.flatMap { api in Kind.allCases.map { (api, $0) } }

    /// `fields` without what `connector` cannot reach.
    static func reachable(_ fields: FieldSet, by connector: any MailboxConnector, kind: EntityKind) -> FieldSet {
        var fields = fields
        for name in connector.fieldsOutOfReach(of: kind) { fields[name] = nil }
        return fields
    }

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

    /// Creates the sample and answers the item's version now: a series' occurrences are written
    /// after its master, and each write moves the master on from what the create reported.
    static func created(_ kind: Kind, record: RecordID, by connector: any MailboxConnector, in mailbox: MailboxAddress) async throws
        -> ItemReference
    {
        let reference = try await connector.create(kind.sample, kind: kind.entity, record: record, in: mailbox)
        guard kind == .appointment else { return reference }
        return try #require(try await connector.itemOf(record, kind: kind.entity, in: mailbox)).reference
    }

    static func with(_ api: ConnectorAPI, _ body: (SimulatorFixture, any MailboxConnector) async throws -> Void) async throws {
        try await SimulatorFixture.with(seed: SimulatorFixture.graphSeed) { fixture in
            try await body(fixture, try fixture.connector(api))
        }
    }

    @Test("An item written comes back with the same fields, its tag and a version", arguments: pairs)
    func roundTrip(_ api: ConnectorAPI, _ kind: Kind) async throws {
        try await Self.with(api) { _, connector in
            let reference = try await connector.create(kind.sample, kind: kind.entity, record: "r-1", in: mailbox)
            let item = try #require(try await connector.itemOf("r-1", kind: kind.entity, in: mailbox))
            // A series' occurrences are written after its master, which each write moves on.
            if kind == .appointment { #expect(item.id == reference.id) } else { #expect(item.reference == reference) }
            #expect(item.fields == Self.reachable(kind.sample, by: connector, kind: kind.entity))
            #expect(item.modifiedAt != nil)
            #expect(try await connector.items(taggedWith: [SyncTag(record: "r-1")], kind: kind.entity, in: mailbox).map(\.id) == [item.id])
            #expect(try await connector.items(taggedWith: [SyncTag(record: "nobody")], kind: kind.entity, in: mailbox).isEmpty)
        }
    }

    @Test("The change stream resumes from its cursor: nothing when idle, then an edit, then a delete", arguments: pairs)
    func changeStream(_ api: ConnectorAPI, _ kind: Kind) async throws {
        try await Self.with(api) { fixture, connector in
            _ = try await connector.create(kind.sample, kind: kind.entity, record: "r-1", in: mailbox)
            let first = try await connector.readAll(kind.entity, in: mailbox)
            let item = try #require(first.items.first { $0.tag == SyncTag(record: "r-1") })

            let idle = try await connector.readAll(kind.entity, in: mailbox, since: first.cursor)
            #expect(idle.items.isEmpty && idle.deleted.isEmpty)

            let stored = try #require(try fixture.exchange.items(in: mailbox.rawValue, folder: kind.folder).first { $0.xml.contains(kind.marker) })
            try fixture.exchange.updateItem(in: mailbox.rawValue, id: stored.id, set: [kind.edit.property: kind.edit.value])
            let edited = try await connector.readAll(kind.entity, in: mailbox, since: idle.cursor)
            let changed = try #require(edited.items.first)
            #expect(edited.items.count == 1)
            #expect(changed.id == item.id)
            #expect(changed.tag == SyncTag(record: "r-1"))
            #expect(changed.reference.changeKey != item.reference.changeKey)
            #expect(changed.fields[kind.edit.field] == .text(kind.edit.value))

            try fixture.exchange.deleteItem(in: mailbox.rawValue, id: stored.id)
            // Graph's calendar view removes a deleted series' occurrences, never the master: the
            // connector knows a linked series is gone by the ids it is told are linked.
            let gone = try await connector.readAll(kind.entity, in: mailbox, since: edited.cursor, linkedItems: [item.id])
            #expect(gone.deleted == [item.id])
        }
    }

    @Test("Writes are fenced by the version read: stale is a conflict, a deleted item is never written again", arguments: pairs)
    func fencedWrites(_ api: ConnectorAPI, _ kind: Kind) async throws {
        try await Self.with(api) { fixture, connector in
            let created = try await Self.created(kind, record: "r-1", by: connector, in: mailbox)
            let (patch, cleared, kept) = kind.patch
            let written = try await connector.apply(
                [.update(item: created, patch: patch, tag: nil, sendMeetingInvitations: false)], kind: kind.entity, in: mailbox)
            guard case .written(let updated)? = written.first else {
                Issue.record("update gave \(written)")
                return
            }
            let item = try #require(try await connector.itemOf("r-1", kind: kind.entity, in: mailbox))
            #expect(item.reference == updated)
            for (name, value) in patch.values { #expect(item.fields[name] == value, "\(name)") }
            #expect(item.fields[cleared] == nil)
            #expect(item.fields[kept] == kind.sample[kept])

            // The version the first write replaced is stale now.
            let stale = try await connector.apply(
                [.update(item: created, patch: patch, tag: nil, sendMeetingInvitations: false)], kind: kind.entity, in: mailbox)
            #expect(stale == [.conflict])

            let deleted = try await connector.apply([.delete(item: updated, sendMeetingCancellations: false)], kind: kind.entity, in: mailbox)
            #expect(deleted == [.deleted])
            // Written again after the delete, the update is refused. EWS moved the item to Deleted
            // Items under a new id (not found), and To Do deletes for good (not found); Graph's
            // immutable id follows a contact or an event to Deleted Items, at a new version (a conflict).
            // Either way the next read reports the item removed.
            let again = try await connector.apply(
                [.update(item: updated, patch: patch, tag: nil, sendMeetingInvitations: false)], kind: kind.entity, in: mailbox)
            #expect(again == [api == .graph && kind != .task ? .conflict : .notFound])
            #expect(try await connector.itemOf("r-1", kind: kind.entity, in: mailbox) == nil)
        }
    }

    @Test(
        "Told an item is linked, a connector reports its change with the same fields; Graph then reads no contact or task again",
        arguments: pairs)
    func linkedItemsHint(_ api: ConnectorAPI, _ kind: Kind) async throws {
        try await Self.with(api) { fixture, connector in
            _ = try await connector.create(kind.sample, kind: kind.entity, record: "r-1", in: mailbox)
            let first = try await connector.readAll(kind.entity, in: mailbox)
            let item = try #require(first.items.first { $0.tag == SyncTag(record: "r-1") })
            let stored = try #require(try fixture.exchange.items(in: mailbox.rawValue, folder: kind.folder).first { $0.xml.contains(kind.marker) })
            try fixture.exchange.updateItem(in: mailbox.rawValue, id: stored.id, set: [kind.edit.property: kind.edit.value])

            fixture.exchange.clearRequestLog()
            let page = try await connector.changes(of: kind.entity, in: mailbox, since: first.cursor, maxChanges: 100, linkedItems: [item.id])
            let changed = try #require(page.changes.changed.first)
            #expect(changed.id == item.id)
            #expect(changed.fields[kind.edit.field] == .text(kind.edit.value))
            var expected = item.fields
            expected[kind.edit.field] = .text(kind.edit.value)
            #expect(changed.fields == expected)
            // An event is always read again: the view gives instances, without the zones written.
            if api == .graph, kind != .appointment {
                #expect(fixture.exchange.requestLog.allSatisfy { !$0.operation.contains("$batch") }, "\(fixture.exchange.requestLog.map(\.operation))")
            }
        }
    }

    @Test("A tag written on an item the user made finds it, at the version the write reports", arguments: pairs)
    func tagOnAnExistingItem(_ api: ConnectorAPI, _ kind: Kind) async throws {
        try await Self.with(api) { _, connector in
            let created = try await Self.created(kind, record: "r-1", by: connector, in: mailbox)
            let tagged = try await connector.apply(
                [.update(item: created, patch: FieldPatch(), tag: SyncTag(record: "r-2"), sendMeetingInvitations: false)],
                kind: kind.entity, in: mailbox)
            guard case .written(let reference)? = tagged.first else {
                Issue.record("tag write gave \(tagged)")
                return
            }
            let found = try await connector.items(taggedWith: [SyncTag(record: "r-2")], kind: kind.entity, in: mailbox)
            #expect(found.map(\.reference) == [reference])
        }
    }

    @Test("A completed task's completion date moved by a patch that leaves its status alone is written, not cleared", arguments: ConnectorAPI.allCases)
    func completionDateMovesAlone(_ api: ConnectorAPI) async throws {
        try await Self.with(api) { _, connector in
            let done = TaskFields(subject: "Signer", status: .completed, completedDate: LocalDate("2026-11-20"))
            let created = try await connector.create(done.fields, kind: .task, record: "t-done", in: mailbox)
            let patch = FieldPatch(values: [FieldName.completedDate: .day("2026-11-23")])
            let written = try await connector.apply(
                [.update(item: created, patch: patch, tag: nil, sendMeetingInvitations: false)], kind: .task, in: mailbox)
            guard case .written? = written.first else {
                Issue.record("update gave \(written)")
                return
            }
            let item = try #require(try await connector.itemOf("t-done", kind: .task, in: mailbox))
            #expect(item.fields[FieldName.completedDate] == .day("2026-11-23"))
            #expect(item.fields[FieldName.status] == .text("Completed"))
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
