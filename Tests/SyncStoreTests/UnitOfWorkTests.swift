import Foundation
import Synchronization
import SyncEngine
import Testing
@testable import SyncStore

/// Thrown by the test hook in the middle of a commit.
struct InjectedFault: Error {}

/// Which operation of the next commits fails, if any.
final class FaultSwitch: Sendable {
    private let step = Mutex<Int?>(nil)
    func fail(at index: Int?) { step.withLock { $0 = index } }
    func check(_ index: Int) throws { if step.withLock({ $0 }) == index { throw InjectedFault() } }
}

@Suite("Committing a cycle")
struct UnitOfWorkTests {
    /// A cycle's results touching every kind of state.
    static func fullCycle(run: RunID) -> UnitOfWork {
        var work = UnitOfWork(environment: Fixture.environment, runID: run)
        work.createLink(Fixture.link(Fixture.contact("new"), item: "item-new"))
        var updated = Fixture.link(Fixture.contact("old"), item: "item-old")
        updated.base = ["displayName": .text("Updated")]
        updated.changeKey = "ck-2"
        work.updateLink(updated)
        work.removeLink(mailbox: Fixture.alice, record: Fixture.contact("gone"))
        work.setSyncState(mailbox: Fixture.alice, folderID: "contacts", from: "S1", to: "S2")
        work.setCRMFeedPosition(consumer: .mailbox(Fixture.alice), from: .start, to: FeedPosition(1))
        work.applyOutlookChange(
            OutlookRecordWrite(
                record: Fixture.contact("old"), mailbox: Fixture.alice, itemID: "item-old",
                change: .update(set: ["displayName": .text("Updated")], clear: []), expectedVersion: RecordVersion(1)))
        work.resolveIntent(id: "intent-new", as: .completed)
        work.logDecision(Decision(mailbox: Fixture.alice, record: Fixture.contact("new"), itemID: "item-new", action: .create, target: .outlook, reason: "new record"))
        work.recordConflict(Conflict(mailbox: Fixture.alice, record: Fixture.contact("old"), itemID: "item-old", fields: [], policy: "crm-wins", winner: .crm))
        work.markMailboxSynced(Fixture.alice)
        work.finishRun(run, outcome: .succeeded, counts: RunCounts(itemsCreated: 1))
        return work
    }

    /// A store in the state the full cycle starts from.
    static func preparedStore(in location: StoreLocation, failAt: FaultSwitch) async throws -> (any SyncStore, RunID) {
        let store = try await Fixture.seededStore(in: location, beforeOperation: { index, _ in try failAt.check(index) })
        try await store.setWebhookDelivery(environment: Fixture.environment, enabled: true)
        try await store.upsertRecord(environment: Fixture.environment, record: Fixture.contact("old"), fields: ["displayName": .text("Old")], owners: [Fixture.alice], ifMatch: nil)
        try await store.recordIntent(id: "intent-new", environment: Fixture.environment, mailbox: Fixture.alice, record: Fixture.contact("new"), tag: "contact:new", fields: [:])
        try await store.perform(environment: Fixture.environment) { work in
            work.createLink(Fixture.link(Fixture.contact("old"), item: "item-old"))
            work.createLink(Fixture.link(Fixture.contact("gone"), item: "item-gone"))
            work.setSyncState(mailbox: Fixture.alice, folderID: "contacts", from: nil, to: "S1")
        }
        let run = try await store.startRun(environment: Fixture.environment, mailbox: Fixture.alice, worker: "w1")
        return (store, run)
    }

    @Test("A failure at any step of the commit leaves the store exactly as it was, cursor included", arguments: StoreKind.underTest)
    func allOrNothing(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let failAt = FaultSwitch()
        let (store, run) = try await Self.preparedStore(in: location, failAt: failAt)
        let work = Self.fullCycle(run: run)
        let before = try await location.snapshot(store)

        for step in 0..<work.operations.count {
            failAt.fail(at: step)
            await #expect(throws: InjectedFault.self, "fault at step \(step)") { try await store.commit(work) }
            #expect(try await location.snapshot(store) == before, "state changed after a fault at step \(step)")
        }

        failAt.fail(at: nil)
        let receipt = try await store.commit(work)
        #expect(receipt.decisionIDs.count == 1 && receipt.conflictIDs.count == 1 && receipt.outlookChanges == [FeedPosition(1)])
        #expect(try await store.syncState(environment: Fixture.environment, mailbox: Fixture.alice, folderID: "contacts") == "S2")
        #expect(try await store.link(environment: Fixture.environment, mailbox: Fixture.alice, record: Fixture.contact("new"))?.itemID == "item-new")
        #expect(try await store.link(environment: Fixture.environment, mailbox: Fixture.alice, record: Fixture.contact("gone")) == nil)
        #expect(try await store.link(environment: Fixture.environment, mailbox: Fixture.alice, record: Fixture.contact("old"))?.changeKey == "ck-2")
        #expect(try await store.crmFeedPosition(environment: Fixture.environment, consumer: .mailbox(Fixture.alice)) == FeedPosition(1))
        #expect(try await store.record(environment: Fixture.environment, key: Fixture.contact("old"))?.fields == ["displayName": .text("Updated")])
        #expect(try await store.outlookChanges(environment: Fixture.environment, after: .start, limit: 10).changes.count == 1)
        #expect(try await store.undeliveredWebhookCount(environment: Fixture.environment) == 1)
        #expect(try await store.pendingIntents(environment: Fixture.environment, mailbox: Fixture.alice).isEmpty)
        #expect(try await store.mailbox(environment: Fixture.environment, address: Fixture.alice)?.lastSuccessAt != nil)
        #expect(try await store.run(environment: Fixture.environment, id: run)?.outcome == .succeeded)
        #expect(try await store.decisions(environment: Fixture.environment, matching: DecisionQuery(runID: run)).count == 1)
    }

    @Test("A constraint broken by the last operation undoes the earlier ones", arguments: StoreKind.underTest)
    func constraintAtTheEnd(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let failAt = FaultSwitch()
        let (store, run) = try await Self.preparedStore(in: location, failAt: failAt)
        var work = Self.fullCycle(run: run)
        work.createLink(Fixture.link(Fixture.contact("another"), item: "item-new"))
        let before = try await location.snapshot(store)
        await #expect(
            throws: SyncStoreError.itemAlreadyLinked(
                environment: Fixture.environment, mailbox: Fixture.alice, itemID: "item-new", existingRecord: Fixture.contact("new"))
        ) {
            try await store.commit(work)
        }
        #expect(try await location.snapshot(store) == before)
    }

    @Test("Committed results survive a restart; an empty unit of work commits nothing", arguments: StoreKind.underTest)
    func durability(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let failAt = FaultSwitch()
        let (store, run) = try await Self.preparedStore(in: location, failAt: failAt)
        let emptyBefore = try await location.snapshot(store)
        try await store.commit(UnitOfWork(environment: Fixture.environment))
        #expect(try await location.snapshot(store) == emptyBefore)

        try await store.commit(Self.fullCycle(run: run))
        let committed = try await location.snapshot(store)
        try await location.close(store)
        let reopened = try await location.open()
        #expect(try await location.snapshot(reopened) == committed)
        await #expect(throws: SyncStoreError.unknownEnvironment("nobody")) {
            try await reopened.commit(UnitOfWork(environment: "nobody"))
        }
    }
}
