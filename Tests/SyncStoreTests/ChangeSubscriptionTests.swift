import Foundation
import SyncEngine
import Testing
@testable import SyncStore

@Suite("Change subscriptions")
struct ChangeSubscriptionTests {
    @Test("A subscription is saved, found by id and by environment, replaced per mailbox and resource, and deleted", arguments: StoreKind.underTest)
    func lifecycle(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let store = try await Fixture.seededStore(in: location)
        let expiry = Date(timeIntervalSince1970: 1_800_100_000)
        let events = ChangeSubscription(
            id: "s-1", environment: Fixture.environment, mailbox: Fixture.alice.rawValue, resource: "/users/alice/events",
            clientStateDigest: "d1", expiresAt: expiry)
        let contacts = ChangeSubscription(
            id: "s-2", environment: Fixture.environment, mailbox: Fixture.alice.rawValue, resource: "/users/alice/contacts",
            clientStateDigest: "d2", expiresAt: expiry)
        try await store.saveChangeSubscription(events)
        try await store.saveChangeSubscription(contacts)
        #expect(try await store.changeSubscription(id: "s-1") == events)
        #expect(try await store.changeSubscriptions(environment: Fixture.environment) == [contacts, events])

        // Re-created after Graph removed it: a new id for the same folder replaces the old row.
        var recreated = events
        recreated.id = "s-3"
        recreated.clientStateDigest = "d3"
        try await store.saveChangeSubscription(recreated)
        #expect(try await store.changeSubscription(id: "s-1") == nil)
        #expect(try await store.changeSubscriptions(environment: Fixture.environment).map(\.id) == ["s-2", "s-3"])

        // Renewed: same id, later expiry; it survives reopening the file.
        var renewed = recreated
        renewed.expiresAt = expiry.addingTimeInterval(3600)
        try await store.saveChangeSubscription(renewed)
        let reopened = try await location.open()
        #expect(try await reopened.changeSubscription(id: "s-3")?.expiresAt == renewed.expiresAt)

        try await reopened.deleteChangeSubscription(id: "s-3")
        try await reopened.deleteChangeSubscription(id: "unknown")
        #expect(try await reopened.changeSubscriptions(environment: Fixture.environment) == [contacts])
    }
}
