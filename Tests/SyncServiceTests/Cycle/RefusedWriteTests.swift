import Foundation
import SyncEngine
@testable import SyncService
import SyncStore
import Testing

/// An item the server refuses (issue 11, defect 4): it must neither hold the mailbox's cursors for
/// good nor be retried forever in silence. It is tried a bounded number of times, then quarantined
/// while the rest of the mailbox moves on, and it is visible until a write of it succeeds.
@Suite("A write the server refuses")
struct RefusedWriteTests {
    let bob = CycleHarness.bob
    static let environment = CycleHarness.environment

    /// An appointment ending an hour before it starts: Exchange answers
    /// `ErrorCalendarEndDateIsEarlierThanStartDate`.
    static func appointment(endingBeforeStart: Bool, subject: String = "Revue de contrat") -> FieldSet {
        AppointmentFields(
            subject: subject,
            timing: .timed(
                start: at("2026-05-12T10:00:00", "Europe/Paris"), startTimeZone: "Europe/Paris",
                end: at(endingBeforeStart ? "2026-05-12T09:00:00" : "2026-05-12T11:00:00", "Europe/Paris"),
                endTimeZone: "Europe/Paris")
        ).fields
    }

    static let contact = ContactFields(givenName: "Jean", surname: "Dupont", displayName: "Jean Dupont").fields

    func failures(_ harness: CycleHarness) async throws -> [FailedItem] {
        try await harness.store.failedItems(environment: Self.environment, mailbox: bob)
    }

    @Test("A refused create is tried three times, then quarantined: the rest of the mailbox syncs and its cursors move on")
    func refusedCreateIsQuarantined() async throws {
        try await CycleHarness.with { harness in
            try await harness.upsert(.appointment, "bad", Self.appointment(endingBeforeStart: true))
            try await harness.upsert(.contact, "c1", Self.contact)

            // The contact is created at once; the appointment is refused, and counted.
            let first = try await harness.sync(bob)
            #expect(first.counts.itemsCreated == 1)
            #expect(first.failedItems.map(\.attempts) == [1])
            #expect(first.failedItems.first?.state == .retrying)
            let failure = try #require(try await failures(harness).first)
            #expect(failure.record == RecordKey(.appointment, "bad"))
            #expect(failure.operation == "create")
            #expect(failure.code == "ErrorCalendarEndDateIsEarlierThanStartDate")
            #expect(failure.remedy.contains("ERP"))
            #expect(try await harness.store.mailbox(environment: Self.environment, address: bob)?.failedItems == 1)

            #expect(try await harness.sync(bob).failedItems.map(\.attempts) == [2])
            let third = try await harness.sync(bob)
            #expect(third.failedItems.map(\.attempts) == [3])
            #expect(third.failedItems.first?.state == .quarantined)

            // The ERP hears of it once, in its change feed, when it is quarantined.
            let failedEntries = try await harness.outlookFeed().filter { $0.operation == .failed }
            #expect(failedEntries.map(\.record) == [RecordKey(.appointment, "bad")])
            #expect(failedEntries.first?.failure?.code == "ErrorCalendarEndDateIsEarlierThanStartDate")
            #expect(failedEntries.first?.failure?.failedItemID == failure.id)
            #expect(failedEntries.first?.mailbox == bob)

            // Every attempt is in the decision log, with the server's code.
            let decisions = try await harness.store.decisions(
                environment: Self.environment, matching: DecisionQuery(record: RecordKey(.appointment, "bad")))
            #expect(decisions.filter { $0.decision.action == .refused }.count == 3)
            #expect(decisions.allSatisfy { $0.decision.action != .refused || $0.decision.reason.contains("ErrorCalendarEndDate") })

            // Quarantined: the cursors moved on and nothing is tried again, so an idle cycle is one
            // request per folder; the failure stays visible, and no intent is left pending.
            let idle = try await harness.requests { try await harness.sync(bob) }
            #expect(idle.map(\.operation) == Array(repeating: "SyncFolderItems", count: 3))
            #expect(try await failures(harness).map(\.state) == [.quarantined])
            #expect(try await harness.pendingIntents(bob).isEmpty)

            // The ERP fixes the record: it is written at once and its failure is over.
            try await harness.upsert(.appointment, "bad", Self.appointment(endingBeforeStart: false))
            let fixed = try await harness.sync(bob)
            #expect(fixed.counts.itemsCreated == 1)
            #expect(fixed.failedItems.isEmpty)
            #expect(try await failures(harness).isEmpty)
            #expect(try await harness.store.mailbox(environment: Self.environment, address: bob)?.failedItems == 0)
            _ = try await harness.item(.appointment, of: "bad", in: bob)
        }
    }

    @Test("A refused update is quarantined, the item's later edits in Outlook still reach the CRM, and a fix in the ERP clears it")
    func refusedUpdateIsQuarantined() async throws {
        try await CycleHarness.with { harness in
            try await harness.upsert(.appointment, "a1", Self.appointment(endingBeforeStart: false))
            try await harness.sync(bob)
            try await harness.upsert(.appointment, "a1", Self.appointment(endingBeforeStart: true))
            for attempt in 1...3 {
                let summary = try await harness.sync(bob)
                #expect(summary.failedItems.map(\.attempts) == [attempt])
                #expect(summary.failedItems.first?.operation == "update")
            }
            #expect(try await failures(harness).map(\.state) == [.quarantined])

            // The user edits the item's subject in Outlook: the edit reaches the CRM in that cycle,
            // although the merged step's Outlook half (the ERP's end) is refused again.
            let item = try await harness.item(.appointment, of: "a1", in: bob)
            try harness.exchange.updateItem(in: bob.rawValue, id: item.id.rawValue, set: ["Subject": "Revue signée"])
            let edited = try await harness.sync(bob)
            #expect(edited.failedItems.map(\.attempts) == [1])
            #expect(
                try await harness.record(.appointment, "a1")?.fields
                    == Self.appointment(endingBeforeStart: true, subject: "Revue signée"))

            // The ERP corrects the end: the update goes through, and the failure is gone.
            try await harness.upsert(.appointment, "a1", Self.appointment(endingBeforeStart: false, subject: "Revue signée"))
            let fixed = try await harness.sync(bob)
            #expect(fixed.failedItems.isEmpty)
            #expect(try await failures(harness).isEmpty)
        }
    }

    @Test("An operator's retry writes a quarantined item again; a dismissal forgets it")
    func retryAndDismiss() async throws {
        try await CycleHarness.with { harness in
            try await harness.upsert(.appointment, "bad", Self.appointment(endingBeforeStart: true))
            for _ in 1...3 { try await harness.sync(bob) }
            let failure = try #require(try await failures(harness).first)
            #expect(failure.state == .quarantined)

            let retried = try await harness.store.retryFailedItem(environment: Self.environment, id: failure.id)
            #expect(retried?.state == .retrying)
            #expect(retried?.attempts == 0)
            var attempts: [Int] = []
            let again = try await harness.requests { attempts = try await harness.sync(bob).failedItems.map(\.attempts) }
            #expect(attempts == [1])
            #expect(again.count(of: "CreateItem") == 1)

            #expect(try await harness.store.dismissFailedItem(environment: Self.environment, id: failure.id))
            #expect(try await failures(harness).isEmpty)
            #expect(try await harness.store.dismissFailedItem(environment: Self.environment, id: failure.id) == false)
        }
    }
}
