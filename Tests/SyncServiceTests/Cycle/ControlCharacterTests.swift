import ExchangeSimulator
import Foundation
import SimulatorTestSupport
import SyncEngine
@testable import SyncService
import SyncStore
import Testing

/// A stray control character in an Outlook item (U+001A pasted from a legacy system, U+0000 from a
/// broken client) reaches EWS clients as a character reference XML 1.0 forbids (`&#x1A;`), as
/// Exchange writes it. Read strictly, the whole response fails, on every cycle, and the mailbox
/// is stuck for good. It must cost that one character (read as U+FFFD), nothing more.
@Suite("A control character in an Outlook item")
struct ControlCharacterTests {
    static let types = "xmlns:t=\"http://schemas.microsoft.com/exchange/services/2006/types\""
    static let bob = CycleHarness.bob

    @Test("An item edited to hold one syncs with U+FFFD in its place, and the next cycle writes nothing")
    func twoWayItem() async throws {
        try await CycleHarness.with(api: .ews) { harness in
            let created = try harness.exchange.createItem(
                in: Self.bob.rawValue, folder: "tasks",
                xml: "<t:Task \(Self.types)><t:Subject>Call Dupont SA</t:Subject><t:Categories><t:String>Prextra</t:String></t:Categories></t:Task>")
            try await harness.sync(Self.bob)
            try harness.exchange.updateItem(in: Self.bob.rawValue, id: created.id, set: ["Subject": "Call\u{1A} Dupont\u{0} SA"])

            let summary = try await harness.sync(Self.bob)
            #expect(summary.counts.recordsUpdated == 1)
            let records = try await harness.store.records(environment: CycleHarness.environment, ownedBy: Self.bob, entity: .task)
            #expect(records.map { $0.fields[FieldName.subject] } == [.text("Call\u{FFFD} Dupont\u{FFFD} SA")])
            #expect(try await harness.requests { try await harness.sync(Self.bob) }.writes.isEmpty, "no echo of the replaced characters")
        }
    }

    @Test("A message holding them is tracked (the planner adds a warning: EmailTrackingPlannerTests)")
    func trackedMessage() async throws {
        try await CycleHarness.with(api: .ews) { harness in
            let client = "client@fabrikam.example"
            try await harness.upsert(.contact, "c-1", ContactFields(givenName: "Carla", surname: "Client", emailAddresses: [client]).fields)
            try harness.exchange.deliverInbound(
                .init(from: .init(address: client), to: [.init(address: Self.bob.rawValue)], subject: "Invoice\u{1A} 42", body: "Total:\u{B} 12\u{0} EUR"),
                to: Self.bob.rawValue)
            var environment = SyncServiceTests.contoso(harness)
            environment.emailTracking = EmailTrackingRules(mode: .crmContacts)
            let service = SyncService(store: harness.store, environments: [environment])
            _ = try await service.syncNow(environment: CycleHarness.environment, mailbox: Self.bob)

            let emails = try await harness.store.trackedEmails(environment: CycleHarness.environment, after: 0, limit: 10)
            #expect(emails.map { $0.fields["subject"] } == [.text("Invoice\u{FFFD} 42")])
            #expect(emails.first?.fields["body"] == .text("Total:\u{FFFD} 12\u{FFFD} EUR"))
        }
    }
}
