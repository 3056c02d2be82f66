import Foundation
import SimulatorTestSupport
import SyncEngine
@testable import SyncService
import SyncStore
import Testing

/// Graph keeps a contact's phones and e-mail addresses in arrays without empty slots: a lone second
/// business number comes back as `[x]`. The cycle reads it in its base's position, so nothing moves.
@Suite("Graph's phone and e-mail arrays keep their positions through a cycle")
struct GraphArrayPositionTests {
    let bob = CycleHarness.bob

    @Test("A contact with only a second business number, a second home number and a third e-mail, edited in Outlook, keeps them where they are")
    func loneSecondValuesStayWhereTheyAre() async throws {
        try await CycleHarness.with(api: .graph) { harness in
            let contact = ContactFields(
                givenName: "Léa", surname: "Roux", displayName: "Léa Roux", emailAddresses: [nil, nil, "lea@roux.example"].compactMap { $0 },
                phones: [.business2: "+33 1 00 00 00 02", .home2: "+33 1 00 00 00 04"])
            var fields = contact.fields
            fields["email1"] = nil
            fields["email3"] = .text("lea@roux.example")
            try await harness.upsert(.contact, "c-lone", fields)
            try await harness.sync(bob)
            try await harness.sync(bob)
            // The user edits another field: the cycle reads the whole contact again.
            let item = try await harness.item(.contact, of: "c-lone", in: bob)
            try harness.exchange.updateItem(in: bob.rawValue, id: try await harness.simulatorID(of: item, in: bob), set: ["JobTitle": "Gérante"])
            try await harness.sync(bob)
            let quiet = try await harness.requests { try await harness.sync(bob) }
            #expect(quiet.writes.isEmpty, "\(quiet.writes.map(\.operation))")
            var expected = fields
            expected[FieldName.jobTitle] = .text("Gérante")
            let record = try #require(try await harness.record(.contact, "c-lone"))
            #expect(record.fields == expected, "the CRM record keeps its positions: \(record.fields.changedFields(comparedTo: expected).sorted())")
        }
    }
}
