import Foundation
import SyncEngine
@testable import SyncService
import SyncStore
import Testing

/// Invariant 12: the same record may be created, deleted and created again any number of times,
/// and a second create for a record never stops its mailbox.
@Suite("Re-creating an item for the same record")
struct RecreateTests {
    let bob = CycleHarness.bob
    let alice = CycleHarness.alice

    static let contact = ContactFields(
        givenName: "Jean", surname: "Dupont", displayName: "Jean Dupont", companyName: "Dupont SA",
        emailAddresses: ["jean@dupont.example"])
    static let mirror = SyncPolicy(defaultEntityPolicy: EntityPolicy(direction: .crmToOutlook))

    /// After a re-create: one item for the record, no intent left pending, the mailbox healthy, and
    /// another kind still synchronizes (every kind's intents are persisted before any write).
    private func expectHealthy(
        _ harness: CycleHarness, round: Int, policy: SyncPolicy = SyncPolicy(),
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        _ = try await harness.item(.contact, of: "c1", in: bob, sourceLocation: sourceLocation)
        #expect(try await harness.pendingIntents(bob).isEmpty, sourceLocation: sourceLocation)
        let status = try await harness.store.mailbox(environment: CycleHarness.environment, address: bob)
        #expect(status?.lastFailure == nil, sourceLocation: sourceLocation)
        let task = RecordID(rawValue: "t\(round)")
        try await harness.upsert(.task, task, TaskFields(subject: "Relance \(round)", dueDate: LocalDate("2026-03-13")).fields)
        try await harness.sync(bob, policy: policy)
        _ = try await harness.item(.task, of: task, in: bob, sourceLocation: sourceLocation)
    }

    @Test("Under crm-to-outlook, an item the user deletes is restored, every time")
    func mirrorRestoredRepeatedly() async throws {
        try await CycleHarness.with { harness in
            try await harness.upsert(.contact, "c1", Self.contact.fields)
            try await harness.sync(bob, policy: Self.mirror)
            try await harness.sync(bob, policy: Self.mirror)
            for round in 1...3 {
                let item = try await harness.item(.contact, of: "c1", in: bob)
                try harness.exchange.deleteItem(in: bob.rawValue, id: item.id.rawValue)
                let restore = try await harness.requests { try await harness.sync(bob, policy: Self.mirror) }
                #expect(restore.count(of: "CreateItem") == 1)
                #expect(try await harness.item(.contact, of: "c1", in: bob).fields == Self.contact.fields)
                try await expectHealthy(harness, round: round, policy: Self.mirror)
            }
            #expect(try await harness.record(.contact, "c1")?.isDeleted == false)
        }
    }

    @Test("The ERP removes a mailbox from a record's owners and adds it back, again and again")
    func ownerRemovedAndAddedBack() async throws {
        try await CycleHarness.with { harness in
            try await harness.upsert(.contact, "c1", Self.contact.fields, owners: [bob])
            try await harness.sync(bob)
            try await harness.sync(bob)
            for round in 1...3 {
                try await harness.upsert(.contact, "c1", Self.contact.fields, owners: [alice])
                try await harness.sync(bob)
                #expect(try await harness.items(.contact, in: bob).isEmpty)
                #expect(try await harness.links(bob, .contact).isEmpty)

                try await harness.upsert(.contact, "c1", Self.contact.fields, owners: [bob])
                try await harness.sync(bob)
                try await expectHealthy(harness, round: round)
            }
        }
    }

    @Test("The ERP deletes a record and re-creates the same id, again and again")
    func recordDeletedAndRecreated() async throws {
        try await CycleHarness.with { harness in
            try await harness.upsert(.contact, "c1", Self.contact.fields)
            try await harness.sync(bob)
            try await harness.sync(bob)
            for round in 1...3 {
                try await harness.store.deleteRecord(
                    environment: CycleHarness.environment, record: RecordKey(.contact, "c1"), ifMatch: nil)
                try await harness.sync(bob)
                #expect(try await harness.items(.contact, in: bob).isEmpty)

                var fields = Self.contact
                fields.jobTitle = "Round \(round)"
                try await harness.upsert(.contact, "c1", fields.fields)
                try await harness.sync(bob)
                #expect(try await harness.item(.contact, of: "c1", in: bob).fields == fields.fields)
                try await expectHealthy(harness, round: round)
            }
        }
    }

    @Test("Under crm-to-outlook, an item deleted before its creation was read back is followed up and restored")
    func vanishedItemFollowedUp() async throws {
        try await CycleHarness.with { harness in
            try await harness.upsert(.contact, "c1", Self.contact.fields)
            try await harness.sync(bob, policy: Self.mirror)
            for round in 1...2 {
                // Deleted before any cycle read it back: Exchange never reports the delete.
                let item = try await harness.item(.contact, of: "c1", in: bob)
                try harness.exchange.deleteItem(in: bob.rawValue, id: item.id.rawValue)
                var changed = Self.contact
                changed.jobTitle = "Round \(round)"
                try await harness.upsert(.contact, "c1", changed.fields)
                // The update finds the item gone; the follow-up restores it from the record.
                let followUp = try await harness.sync(bob, policy: Self.mirror)
                #expect(followUp.deferred == 0)
                #expect(try await harness.item(.contact, of: "c1", in: bob).fields == changed.fields)
                try await expectHealthy(harness, round: round, policy: Self.mirror)
            }
        }
    }
}
