import Foundation
import SyncEngine
import Testing
@testable import SyncStore

@Suite("Cursors")
struct CursorTests {
    @Test("Sync states move by compare-and-set, per folder and mailbox, and can be forgotten", arguments: StoreKind.underTest)
    func syncStates(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let store = try await Fixture.seededStore(in: location)
        try await store.perform(environment: Fixture.environment) { work in
            work.setSyncState(mailbox: Fixture.alice, folderID: "calendar", from: nil, to: "H4sIAAAA-1")
            work.setSyncState(mailbox: Fixture.alice, folderID: "contacts", from: nil, to: "C-1")
            work.setSyncState(mailbox: Fixture.bob, folderID: "calendar", from: nil, to: "B-1")
        }
        try await store.perform(environment: Fixture.environment) { work in
            work.setSyncState(mailbox: Fixture.alice, folderID: "calendar", from: "H4sIAAAA-1", to: "H4sIAAAA-2")
        }
        #expect(try await store.syncStates(environment: Fixture.environment, mailbox: Fixture.alice) == ["calendar": "H4sIAAAA-2", "contacts": "C-1"])
        #expect(try await store.syncState(environment: Fixture.environment, mailbox: Fixture.bob, folderID: "calendar") == "B-1")

        // Another worker's cycle started from the old state: it cannot overwrite the new one.
        await #expect(
            throws: SyncStoreError.syncStateMoved(environment: Fixture.environment, mailbox: Fixture.alice, folderID: "calendar")
        ) {
            try await store.perform(environment: Fixture.environment) { work in
                work.setSyncState(mailbox: Fixture.alice, folderID: "calendar", from: "H4sIAAAA-1", to: "H4sIAAAA-stale")
            }
        }
        // A rejected state is forgotten (full resync).
        try await store.perform(environment: Fixture.environment) { work in
            work.setSyncState(mailbox: Fixture.alice, folderID: "contacts", from: "C-1", to: nil)
        }
        #expect(try await store.syncState(environment: Fixture.environment, mailbox: Fixture.alice, folderID: "contacts") == nil)
        #expect(try await store.syncState(environment: Fixture.environment, mailbox: Fixture.alice, folderID: "calendar") == "H4sIAAAA-2")
    }

    @Test("CRM feed positions are kept per consumer and move by compare-and-set", arguments: StoreKind.underTest)
    func crmFeedPositions(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let store = try await Fixture.seededStore(in: location)
        #expect(try await store.crmFeedPosition(environment: Fixture.environment, consumer: .environment) == .start)
        try await store.perform(environment: Fixture.environment) { work in
            work.setCRMFeedPosition(consumer: .environment, from: .start, to: FeedPosition(10))
            work.setCRMFeedPosition(consumer: .mailbox(Fixture.alice), from: .start, to: FeedPosition(4))
        }
        #expect(try await store.crmFeedPosition(environment: Fixture.environment, consumer: .environment) == FeedPosition(10))
        #expect(try await store.crmFeedPosition(environment: Fixture.environment, consumer: .mailbox(Fixture.alice)) == FeedPosition(4))
        #expect(try await store.crmFeedPosition(environment: Fixture.environment, consumer: .mailbox(Fixture.bob)) == .start)
        await #expect(
            throws: SyncStoreError.crmFeedPositionMoved(environment: Fixture.environment, consumer: .environment)
        ) {
            try await store.perform(environment: Fixture.environment) { work in
                work.setCRMFeedPosition(consumer: .environment, from: FeedPosition(4), to: FeedPosition(12))
            }
        }
    }
}
