import Foundation
import SyncEngine
import Testing
@testable import SyncStore

@Suite("Environments and mailboxes")
struct EnvironmentAndMailboxTests {
    @Test("Registering reports new, unchanged and changed configurations", arguments: StoreKind.underTest)
    func registration(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let clock = TestClock()
        let store = try await location.open(clock: clock)

        #expect(try await store.registerEnvironment("prextra", configFingerprint: "a") == .new)
        #expect(try await store.registerEnvironment("prextra", configFingerprint: "a") == .unchanged)
        #expect(try await store.registerEnvironment("prextra", configFingerprint: "b") == .changed(previousFingerprint: "a"))
        try await store.registerEnvironment("autreClient", configFingerprint: nil)

        let environment = try #require(try await store.environment("prextra"))
        #expect(environment.configFingerprint == "b")
        #expect(environment.webhookDelivery == false)
        #expect(environment.crmFeedHead == .start && environment.outlookFeedHead == .start)
        #expect(environment.registeredAt == clock.now)
        #expect(try await store.environments().map(\.name) == ["autreClient", "prextra"])
        #expect(try await store.environment("nobody") == nil)

        try await store.setWebhookDelivery(environment: "prextra", enabled: true)
        #expect(try await store.environment("prextra")?.webhookDelivery == true)
        await #expect(throws: SyncStoreError.unknownEnvironment("nobody")) {
            try await store.setWebhookDelivery(environment: "nobody", enabled: true)
        }
    }

    @Test("The API a service chose is kept per environment, the newest choice replacing the last", arguments: StoreKind.underTest)
    func apiChoice(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let clock = TestClock()
        let store = try await location.open(clock: clock)
        try await store.registerEnvironment("prextra", configFingerprint: nil)
        #expect(try await store.environment("prextra")?.apiChoice == nil)

        let onEWS = StoredAPIChoice(api: "ews", automatic: true, notice: "environment prextra (Api: Auto) goes through EWS", decidedAt: clock.now)
        try await store.recordAPIChoice(environment: "prextra", onEWS)
        #expect(try await store.environment("prextra")?.apiChoice == onEWS)
        let onGraph = StoredAPIChoice(api: "graph", automatic: true, notice: nil, decidedAt: clock.now.addingTimeInterval(3600))
        try await store.recordAPIChoice(environment: "prextra", onGraph)
        try await location.close(store)
        // It survives a restart: `status` reads it from another process.
        let reopened = try await location.open()
        #expect(try await reopened.environment("prextra")?.apiChoice == onGraph)
        await #expect(throws: SyncStoreError.unknownEnvironment("nobody")) {
            try await reopened.recordAPIChoice(environment: "nobody", onGraph)
        }
    }

    @Test("Enrolment is idempotent, case-insensitive, and can be disabled and re-enabled", arguments: StoreKind.underTest)
    func enrolment(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let clock = TestClock()
        let store = try await Fixture.seededStore(in: location, clock: clock)

        let again = try await store.enrolMailbox(environment: Fixture.environment, address: "  ALICE@Prextra.Example ")
        #expect(again.address == Fixture.alice)
        #expect(again.state == .enrolled)
        #expect(again.enrolledAt == clock.now)
        #expect(try await store.mailboxes(environment: Fixture.environment, state: nil).map(\.address) == [Fixture.alice, Fixture.bob])

        try await store.disableMailbox(environment: Fixture.environment, address: Fixture.bob)
        #expect(try await store.mailboxes(environment: Fixture.environment, state: .enrolled).map(\.address) == [Fixture.alice])
        #expect(try await store.mailboxes(environment: Fixture.environment, state: .disabled).map(\.address) == [Fixture.bob])
        try await store.enrolMailbox(environment: Fixture.environment, address: Fixture.bob)
        #expect(try await store.mailbox(environment: Fixture.environment, address: Fixture.bob)?.state == .enrolled)
    }

    @Test("Enrolling in an unknown environment, or touching an unknown mailbox, is a typed error", arguments: StoreKind.underTest)
    func unknowns(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let store = try await Fixture.seededStore(in: location)
        await #expect(throws: SyncStoreError.unknownEnvironment("nobody")) {
            try await store.enrolMailbox(environment: "nobody", address: Fixture.alice)
        }
        let carol: MailboxAddress = "carol@prextra.example"
        await #expect(throws: SyncStoreError.unknownMailbox(environment: Fixture.environment, mailbox: carol)) {
            try await store.disableMailbox(environment: Fixture.environment, address: carol)
        }
        await #expect(throws: SyncStoreError.unknownMailbox(environment: Fixture.environment, mailbox: carol)) {
            try await store.recordSyncFailure(environment: Fixture.environment, address: carol, message: "x", diagnostic: nil)
        }
    }

    @Test("Status shows failures, success clears them, and item counts come from links", arguments: StoreKind.underTest)
    func status(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let clock = TestClock()
        let store = try await Fixture.seededStore(in: location, clock: clock)

        clock.advance(by: 60)
        try await store.recordSyncFailure(
            environment: Fixture.environment, address: Fixture.alice, message: "Token request refused",
            diagnostic: "AADSTS7000222: the client secret expired. Create a new secret in Entra ID.")
        var status = try #require(try await store.mailbox(environment: Fixture.environment, address: Fixture.alice))
        #expect(status.lastFailure?.message == "Token request refused")
        #expect(status.lastFailure?.diagnostic?.hasPrefix("AADSTS7000222") == true)
        #expect(status.lastFailure?.at == clock.now)
        #expect(status.lastAttemptAt == clock.now)
        #expect(status.lastSuccessAt == nil)

        clock.advance(by: 60)
        try await store.perform(environment: Fixture.environment) { work in
            work.createLink(Fixture.link(Fixture.contact("c1"), item: "i1"))
            work.createLink(Fixture.link(Fixture.contact("c2"), item: "i2"))
            work.createLink(Fixture.link(RecordKey(.task, "t1"), item: "i3"))
            work.markMailboxSynced(Fixture.alice)
        }
        status = try #require(try await store.mailbox(environment: Fixture.environment, address: Fixture.alice))
        #expect(status.lastFailure == nil)
        #expect(status.lastSuccessAt == clock.now)
        #expect(status.itemCounts == [.contact: 2, .task: 1])
        let all = try await store.mailboxes(environment: Fixture.environment, state: nil)
        #expect(all.first { $0.address == Fixture.alice }?.itemCounts == [.contact: 2, .task: 1])
        #expect(all.first { $0.address == Fixture.bob }?.itemCounts == [:])
    }

    @Test("Removing a mailbox removes its links, sync states and intents but keeps the history", arguments: StoreKind.underTest)
    func removal(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let store = try await Fixture.seededStore(in: location)
        let run = try await store.startRun(environment: Fixture.environment, mailbox: Fixture.alice, worker: nil)
        try await store.recordIntent(
            id: "intent-1", environment: Fixture.environment, mailbox: Fixture.alice, record: Fixture.contact("c9"), tag: "t", fields: [:])
        try await store.perform(environment: Fixture.environment, runID: run) { work in
            work.createLink(Fixture.link(Fixture.contact("c1"), item: "i1"))
            work.setSyncState(mailbox: Fixture.alice, folderID: "contacts", from: nil, to: "S1")
            work.setCRMFeedPosition(consumer: .mailbox(Fixture.alice), from: .start, to: FeedPosition(3))
            work.logDecision(
                Decision(
                    mailbox: Fixture.alice, record: Fixture.contact("c1"), itemID: "i1", action: .create,
                    target: .outlook, reason: "new record"))
        }

        try await store.removeMailbox(environment: Fixture.environment, address: Fixture.alice)
        #expect(try await store.mailbox(environment: Fixture.environment, address: Fixture.alice) == nil)
        #expect(try await store.links(environment: Fixture.environment, mailbox: Fixture.alice, entity: nil).isEmpty)
        #expect(try await store.syncStates(environment: Fixture.environment, mailbox: Fixture.alice).isEmpty)
        #expect(try await store.pendingIntents(environment: Fixture.environment, mailbox: Fixture.alice).isEmpty)
        #expect(try await store.crmFeedPosition(environment: Fixture.environment, consumer: .mailbox(Fixture.alice)) == .start)
        #expect(try await store.decisions(environment: Fixture.environment, matching: DecisionQuery(mailbox: Fixture.alice)).count == 1)
        #expect(try await store.run(environment: Fixture.environment, id: run) != nil)
    }
}
