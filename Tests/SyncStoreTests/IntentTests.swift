import Foundation
import SyncEngine
import Testing
@testable import SyncStore

@Suite("Pending intents")
struct IntentTests {
    @Test("An intent is durable before the create; one per record and mailbox is pending at a time", arguments: StoreKind.underTest)
    func onePending(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let clock = TestClock()
        var store = try await Fixture.seededStore(in: location, clock: clock)
        let record = Fixture.contact("c1")
        let intent = try await store.recordIntent(
            id: "intent-1", environment: Fixture.environment, mailbox: Fixture.alice, record: record, tag: "contact:c1",
            fields: Fixture.sampleFields)
        #expect(intent.state == .pending && intent.createdAt == clock.now && intent.fields == Fixture.sampleFields)

        // The crash: the process dies after CreateItem, before the commit. After a restart
        // the intent is still there, and asking again returns it instead of a second one.
        try await location.close(store)
        store = try await location.open(clock: clock)
        #expect(try await store.pendingIntents(environment: Fixture.environment, mailbox: Fixture.alice) == [intent])
        let retried = try await store.recordIntent(
            id: "intent-2", environment: Fixture.environment, mailbox: Fixture.alice, record: record, tag: "contact:c1", fields: [:])
        #expect(retried == intent)
        // The same record in another mailbox is a separate intent.
        let bobs = try await store.recordIntent(
            id: "intent-3", environment: Fixture.environment, mailbox: Fixture.bob, record: record, tag: "contact:c1", fields: [:])
        #expect(bobs.id == "intent-3")

        // Recovery finds the tagged item and links it, resolving the intent in the same commit.
        try await store.perform(environment: Fixture.environment) { work in
            work.createLink(Fixture.link(record, item: "found-by-tag"))
            work.resolveIntent(id: "intent-1", as: .completed)
        }
        #expect(try await store.pendingIntents(environment: Fixture.environment, mailbox: Fixture.alice).isEmpty)
        #expect(try await store.intent(environment: Fixture.environment, id: "intent-1")?.state == .completed)
        // Now a new intent for the record may be recorded (e.g. after the item was deleted).
        let next = try await store.recordIntent(
            id: "intent-4", environment: Fixture.environment, mailbox: Fixture.alice, record: record, tag: "contact:c1", fields: [:])
        #expect(next.id == "intent-4")
    }

    @Test("Resolving an unknown intent, or recording one for a mailbox not enrolled, is a typed error", arguments: StoreKind.underTest)
    func typedErrors(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let store = try await Fixture.seededStore(in: location)
        await #expect(throws: SyncStoreError.intentNotFound(environment: Fixture.environment, intentID: "missing")) {
            try await store.perform(environment: Fixture.environment) { $0.resolveIntent(id: "missing", as: .abandoned) }
        }
        await #expect(throws: SyncStoreError.unknownMailbox(environment: Fixture.environment, mailbox: "carol@prextra.example")) {
            try await store.recordIntent(
                id: "i3", environment: Fixture.environment, mailbox: "carol@prextra.example", record: Fixture.contact("c1"), tag: "t", fields: [:])
        }
    }

    // SQLite-only: writes SQL around the store, through the SQLite store's own `writing`.
    @Test("The database refuses a second pending intent for a record")
    func constraints() async throws {
        let directory = try TemporaryDirectory()
        let store = try await Fixture.seededStore(at: directory.path("store.sqlite"))
        try await store.recordIntent(id: "i1", environment: Fixture.environment, mailbox: Fixture.alice, record: Fixture.contact("c1"), tag: "t", fields: [:])
        await #expect {
            try await store.writing("insert a second pending intent", environment: Fixture.environment) { db in
                try db.execute(
                    sql: """
                        INSERT INTO intent (environment, id, mailbox, entity, record_id, tag, state, created_at)
                        VALUES ('prextra', 'i2', 'alice@prextra.example', 'contact', 'c1', 't', 'pending', '2027-01-01')
                        """)
            }
        } throws: { error in
            guard case .constraintViolation(_, let detail) = error as? SyncStoreError else { return false }
            return detail.contains("UNIQUE")
        }
    }
}
