import Foundation
import SyncEngine
import Testing
@testable import SyncStore

@Suite("Decisions, conflicts and runs")
struct HistoryTests {
    @Test("The decision log answers 'why is this item as it is?' newest first, by record, item, mailbox and run", arguments: StoreKind.underTest)
    func decisionLog(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let clock = TestClock()
        let store = try await Fixture.seededStore(in: location, clock: clock)
        let c1 = Fixture.contact("c1")
        let firstRun = try await store.startRun(environment: Fixture.environment, mailbox: Fixture.alice, worker: "w1")
        try await store.perform(environment: Fixture.environment, runID: firstRun) { work in
            work.logDecision(Decision(mailbox: Fixture.alice, record: c1, itemID: nil, action: .create, target: .outlook, fields: ["displayName"], reason: "new record owned by the mailbox"))
            work.logDecision(Decision(mailbox: Fixture.bob, record: c1, itemID: nil, action: .create, target: .outlook, reason: "new record owned by the mailbox"))
            work.logDecision(Decision(mailbox: Fixture.alice, record: Fixture.contact("c2"), itemID: "i2", action: .skip, target: .neither, reason: "skip because the item has no Prextra category"))
        }
        clock.advance(by: 60)
        let secondRun = try await store.startRun(environment: Fixture.environment, mailbox: Fixture.alice, worker: "w1")
        try await store.perform(environment: Fixture.environment, runID: secondRun) { work in
            work.logDecision(Decision(mailbox: Fixture.alice, record: c1, itemID: "i1", action: .update, target: .crm, fields: ["phone", "title"], reason: "changed in Outlook"))
        }

        let forRecord = try await store.decisions(environment: Fixture.environment, matching: DecisionQuery(record: c1))
        #expect(forRecord.map(\.decision.action) == [.update, .create, .create])
        #expect(forRecord[0].decision.fields == ["phone", "title"] && forRecord[0].decidedAt == clock.now && forRecord[0].runID == secondRun)
        let forItem = try await store.decisions(environment: Fixture.environment, matching: DecisionQuery(itemID: "i1"))
        #expect(forItem.map(\.decision.reason) == ["changed in Outlook"])
        let alicesFirstRun = try await store.decisions(environment: Fixture.environment, matching: DecisionQuery(mailbox: Fixture.alice, runID: firstRun))
        #expect(alicesFirstRun.map(\.decision.record) == [Fixture.contact("c2"), c1])
        // Paging with `before`.
        let page1 = try await store.decisions(environment: Fixture.environment, matching: DecisionQuery(limit: 2))
        let page2 = try await store.decisions(environment: Fixture.environment, matching: DecisionQuery(before: page1.last?.id, limit: 2))
        #expect((page1 + page2).map(\.id) == (page1 + page2).map(\.id).sorted(by: >))
        #expect(Set((page1 + page2).map(\.id)).count == 4)
        #expect(try await store.decisions(environment: "autreClient", matching: DecisionQuery()).isEmpty)
    }

    @Test("Conflicts keep the values of both sides and the policy's choice", arguments: StoreKind.underTest)
    func conflicts(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let store = try await Fixture.seededStore(in: location)
        let run = try await store.startRun(environment: Fixture.environment, mailbox: Fixture.alice, worker: nil)
        let conflict = Conflict(
            mailbox: Fixture.alice, record: Fixture.contact("c1"), itemID: "i1",
            fields: [ConflictField(name: "phone", base: .text("1"), crm: .text("2"), outlook: .text("3")),
                     ConflictField(name: "notes", base: nil, crm: .text("crm"), outlook: nil)],
            policy: "crm-wins", winner: .crm)
        let receipt = try await store.perform(environment: Fixture.environment, runID: run) { work in
            work.recordConflict(conflict)
            work.recordConflict(Conflict(mailbox: Fixture.bob, record: Fixture.contact("c2"), itemID: nil, fields: [], policy: "latest-wins", winner: .outlook))
        }
        #expect(receipt.conflictIDs.count == 2)
        let all = try await store.conflicts(environment: Fixture.environment, matching: ConflictQuery())
        #expect(all.map(\.conflict.record) == [Fixture.contact("c2"), Fixture.contact("c1")])
        let alice = try await store.conflicts(environment: Fixture.environment, matching: ConflictQuery(mailbox: Fixture.alice))
        #expect(alice.map(\.conflict) == [conflict] && alice.first?.runID == run)
        #expect(try await store.conflicts(environment: Fixture.environment, matching: ConflictQuery(record: Fixture.contact("c2"))).count == 1)
    }

    @Test("Runs record start, end, counts and errors; newest first", arguments: StoreKind.underTest)
    func runs(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let clock = TestClock()
        let store = try await Fixture.seededStore(in: location, clock: clock)
        let failed = try await store.startRun(environment: Fixture.environment, mailbox: Fixture.alice, worker: "w1")
        clock.advance(by: 5)
        try await store.finishRun(
            environment: Fixture.environment, id: failed, outcome: .failed, counts: RunCounts(),
            error: "ErrorServerBusy: back off 30 s")
        let started = clock.now
        let succeeded = try await store.startRun(environment: Fixture.environment, mailbox: Fixture.alice, worker: "w2")
        #expect(try await store.run(environment: Fixture.environment, id: succeeded)?.outcome == .running)
        clock.advance(by: 7)
        let counts = RunCounts(itemsCreated: 3, itemsUpdated: 1, recordsUpdated: 2, conflicts: 1, skipped: 4)
        try await store.perform(environment: Fixture.environment, runID: succeeded) { work in
            work.finishRun(succeeded, outcome: .succeeded, counts: counts)
        }
        _ = try await store.startRun(environment: Fixture.environment, mailbox: Fixture.bob, worker: "w2")

        let alice = try await store.runs(environment: Fixture.environment, mailbox: Fixture.alice, limit: 10)
        #expect(alice.map(\.id) == [succeeded, failed])
        #expect(alice[0] == RunRecord(
            id: succeeded, environment: Fixture.environment, mailbox: Fixture.alice, worker: "w2", startedAt: started,
            finishedAt: clock.now, outcome: .succeeded, counts: counts, error: nil))
        #expect(alice[1].error == "ErrorServerBusy: back off 30 s" && alice[1].outcome == .failed)
        #expect(try await store.runs(environment: Fixture.environment, mailbox: nil, limit: 2).count == 2)
        await #expect(throws: SyncStoreError.runNotFound(environment: Fixture.environment, runID: RunID(rawValue: 999))) {
            try await store.finishRun(environment: Fixture.environment, id: RunID(rawValue: 999), outcome: .failed, counts: RunCounts(), error: nil)
        }
    }

    @Test("Pruning removes old decisions, conflicts, finished runs, delivered webhooks and resolved intents, and keeps the rest", arguments: StoreKind.underTest)
    func retention(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let clock = TestClock()
        let store = try await Fixture.seededStore(in: location, clock: clock)
        try await store.setWebhookDelivery(environment: Fixture.environment, enabled: true)
        func cycle(_ id: String) async throws -> RunID {
            let run = try await store.startRun(environment: Fixture.environment, mailbox: Fixture.alice, worker: nil)
            try await store.perform(environment: Fixture.environment, runID: run) { work in
                work.applyOutlookChange(
                    OutlookRecordWrite(record: Fixture.contact(id), mailbox: Fixture.alice, itemID: id, change: .create(fields: [:], owners: []), expectedVersion: nil))
                work.logDecision(Decision(mailbox: Fixture.alice, record: Fixture.contact(id), itemID: id, action: .link, target: .crm, reason: "opted in"))
                work.recordConflict(Conflict(mailbox: Fixture.alice, record: Fixture.contact(id), itemID: id, fields: [], policy: "crm-wins", winner: .crm))
                work.finishRun(run, outcome: .succeeded, counts: RunCounts())
            }
            return run
        }
        func intent(_ id: String, record: String) async throws {
            try await store.recordIntent(
                id: id, environment: Fixture.environment, mailbox: Fixture.alice, record: Fixture.contact(record),
                tag: "contact:\(record)", fields: [:])
        }
        _ = try await cycle("old")
        try await store.markWebhookDelivered(environment: Fixture.environment, position: FeedPosition(1))
        try await intent("old-attempt-1", record: "r1")
        try await store.perform(environment: Fixture.environment) { $0.resolveIntent(id: "old-attempt-1", as: .completed) }
        try await intent("old-pending", record: "r2")
        let unfinished = try await store.startRun(environment: Fixture.environment, mailbox: Fixture.bob, worker: nil)
        clock.advance(by: 86_400)
        let cutoff = clock.now
        let recent = try await cycle("recent")
        try await intent("recent-attempt", record: "r3")
        try await store.perform(environment: Fixture.environment) { $0.resolveIntent(id: "recent-attempt", as: .abandoned) }

        let pruned = try await store.pruneHistory(environment: Fixture.environment, before: cutoff)
        #expect(pruned == HistoryPruning(decisions: 1, conflicts: 1, runs: 1, webhookDeliveries: 1, resolvedIntents: 1))
        #expect(try await store.intent(environment: Fixture.environment, id: "old-attempt-1") == nil)
        #expect(try await store.intent(environment: Fixture.environment, id: "recent-attempt")?.state == .abandoned)
        #expect(try await store.pendingIntents(environment: Fixture.environment, mailbox: Fixture.alice).map(\.id) == ["old-pending"])
        #expect(try await store.decisions(environment: Fixture.environment, matching: DecisionQuery()).map(\.decision.record) == [Fixture.contact("recent")])
        #expect(try await store.conflicts(environment: Fixture.environment, matching: ConflictQuery()).count == 1)
        #expect(try await store.runs(environment: Fixture.environment, mailbox: nil, limit: 10).map(\.id) == [recent, unfinished])
        #expect(try await store.outlookChanges(environment: Fixture.environment, after: .start, limit: 10).changes.count == 2)
        #expect(try await store.undeliveredWebhookCount(environment: Fixture.environment) == 1)
    }
}
