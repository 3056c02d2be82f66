import Foundation
import SyncEngine
@testable import SyncService
import SyncStore
import Testing

/// Invariant 3 after an interruption: an Outlook update whose commit never happened is still
/// recognised as ours by the next cycle, never taken for the user's edit.
@Suite("An update interrupted before its commit")
struct InterruptedUpdateTests {
    let bob = CycleHarness.bob

    static let contact = ContactFields(
        givenName: "Jean", surname: "Dupont", displayName: "Jean Dupont", companyName: "Dupont SA",
        emailAddresses: ["jean@dupont.example"])
    static let outlookWins = SyncPolicy(defaultEntityPolicy: EntityPolicy(conflict: .outlookWins))

    /// Links c1 in bob's mailbox, then sends the ERP's `jobTitle` to Outlook in a cycle whose
    /// commit fails after UpdateItem succeeded.
    private func interruptedUpdate(_ harness: CycleHarness, jobTitle: String) async throws -> OutlookItem {
        try await harness.upsert(.contact, "c1", Self.contact.fields)
        try await harness.sync(bob, policy: Self.outlookWins)
        try await harness.sync(bob, policy: Self.outlookWins)
        var pushed = Self.contact
        pushed.jobTitle = jobTitle
        try await harness.upsert(.contact, "c1", pushed.fields)
        var crashing = harness.cycle(bob, policy: Self.outlookWins)
        crashing.beforeCommit = { throw InjectedCrash() }
        let requests = try await harness.requests {
            await #expect(throws: SyncCycleError.self) { try await crashing.run() }
        }
        #expect(requests.count(of: "UpdateItem") == 1)
        let item = try await harness.item(.contact, of: "c1", in: bob)
        #expect(item.fields[FieldName.jobTitle] == .text(jobTitle))
        return item
    }

    private func conflicts(_ harness: CycleHarness) async throws -> [ConflictEntry] {
        try await harness.store.conflicts(
            environment: CycleHarness.environment, matching: ConflictQuery(record: RecordKey(.contact, "c1")))
    }

    @Test("Under outlook-wins, the ERP's newer value is not overwritten by our own interrupted write")
    func newerERPValueSurvives() async throws {
        try await CycleHarness.with { harness in
            _ = try await interruptedUpdate(harness, jobTitle: "Directeur")
            // The ERP changes the field again before the next cycle.
            var newer = Self.contact
            newer.jobTitle = "Président"
            try await harness.upsert(.contact, "c1", newer.fields)

            try await harness.sync(bob, policy: Self.outlookWins)
            #expect(try await harness.record(.contact, "c1")?.fields == newer.fields)
            #expect(try await harness.item(.contact, of: "c1", in: bob).fields == newer.fields)
            #expect(try await conflicts(harness).isEmpty)
            #expect(try await harness.outlookFeed().isEmpty)
            #expect(try await harness.requests { try await harness.sync(bob, policy: Self.outlookWins) }.writes.isEmpty)
        }
    }

    @Test("The ERP's newer value survives even when the user edited another field of the item since our write")
    func userEditAfterOurWrite() async throws {
        try await CycleHarness.with { harness in
            let item = try await interruptedUpdate(harness, jobTitle: "Directeur")
            // The user edits another field: the item's change key is no longer the one we wrote.
            try harness.exchange.updateItem(in: bob.rawValue, id: item.id.rawValue, set: ["Department": "Achats"])
            var newer = Self.contact
            newer.jobTitle = "Président"
            try await harness.upsert(.contact, "c1", newer.fields)

            try await harness.sync(bob, policy: Self.outlookWins)
            newer.department = "Achats"
            #expect(try await harness.record(.contact, "c1")?.fields == newer.fields)
            #expect(try await harness.item(.contact, of: "c1", in: bob).fields == newer.fields)
            #expect(try await conflicts(harness).isEmpty)
            #expect(try await harness.outlookFeed().map(\.fields) == [[FieldName.department: .text("Achats")]])
        }
    }

    @Test("Without a newer ERP value, the interrupted write is completed with no CRM write and no conflict")
    func interruptedWriteCompleted() async throws {
        try await CycleHarness.with { harness in
            _ = try await interruptedUpdate(harness, jobTitle: "Directeur")
            let summary = try await harness.sync(bob, policy: Self.outlookWins)
            #expect(summary.crmWrites == 0)
            var expected = Self.contact
            expected.jobTitle = "Directeur"
            #expect(try await harness.record(.contact, "c1")?.fields == expected.fields)
            #expect(try await conflicts(harness).isEmpty)
            #expect(try await harness.outlookFeed().isEmpty)
            #expect(try await harness.requests { try await harness.sync(bob, policy: Self.outlookWins) }.writes.isEmpty)
        }
    }

    @Test("A user's edit read by the interrupted cycle still reaches the CRM, next to the ERP's newer value")
    func userEditBeforeTheInterruptedWrite() async throws {
        try await CycleHarness.with { harness in
            try await harness.upsert(.contact, "c1", Self.contact.fields)
            try await harness.sync(bob, policy: Self.outlookWins)
            try await harness.sync(bob, policy: Self.outlookWins)
            let item = try await harness.item(.contact, of: "c1", in: bob)
            try harness.exchange.updateItem(in: bob.rawValue, id: item.id.rawValue, set: ["Department": "Achats"])
            var pushed = Self.contact
            pushed.jobTitle = "Directeur"
            try await harness.upsert(.contact, "c1", pushed.fields)
            var crashing = harness.cycle(bob, policy: Self.outlookWins)
            crashing.beforeCommit = { throw InjectedCrash() }
            await #expect(throws: SyncCycleError.self) { try await crashing.run() }

            var newer = Self.contact
            newer.jobTitle = "Président"
            try await harness.upsert(.contact, "c1", newer.fields)
            try await harness.sync(bob, policy: Self.outlookWins)
            newer.department = "Achats"
            #expect(try await harness.record(.contact, "c1")?.fields == newer.fields)
            #expect(try await harness.item(.contact, of: "c1", in: bob).fields == newer.fields)
            #expect(try await conflicts(harness).isEmpty)
            #expect(try await harness.requests { try await harness.sync(bob, policy: Self.outlookWins) }.writes.isEmpty)
        }
    }
}
