import Foundation
import SyncEngine
@testable import SyncService
import SyncStore
import Testing

/// Invariant 5 without loss: an owner change removes the item from the mailbox, not the user's work.
@Suite("Owner changes")
struct OwnerChangeTests {
    let bob = CycleHarness.bob
    let alice = CycleHarness.alice

    static let contact = ContactFields(
        givenName: "Jean", surname: "Dupont", displayName: "Jean Dupont", companyName: "Dupont SA",
        emailAddresses: ["jean@dupont.example"])

    @Test("An Outlook edit not yet synced reaches the CRM when the ERP moves the record to another owner")
    func unsyncedEditSurvivesOwnerChange() async throws {
        try await CycleHarness.with { harness in
            try await harness.upsert(.contact, "c1", Self.contact.fields, owners: [bob])
            try await harness.sync(bob)
            try await harness.sync(bob)
            // Bob edits the item; before his next cycle the ERP gives the record to alice.
            let item = try await harness.item(.contact, of: "c1", in: bob)
            try harness.exchange.updateItem(in: bob.rawValue, id: item.id.rawValue, set: ["CompanyName": "Dupont & Fils"])
            try await harness.upsert(.contact, "c1", Self.contact.fields, owners: [alice])

            try await harness.sync(bob)
            var edited = Self.contact
            edited.companyName = "Dupont & Fils"
            let record = try #require(try await harness.record(.contact, "c1"))
            #expect(record.fields == edited.fields)
            #expect(record.owners == [alice])
            #expect(try await harness.items(.contact, in: bob).isEmpty)
            #expect(try await harness.links(bob).isEmpty)
            #expect(try await harness.outlookFeed().map(\.fields) == [[FieldName.companyName: .text("Dupont & Fils")]])

            // The new owner gets the record with the edit.
            try await harness.sync(alice)
            #expect(try await harness.item(.contact, of: "c1", in: alice).fields == edited.fields)
        }
    }
}
