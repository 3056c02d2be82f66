import Foundation
import SyncEngine
import Testing
@testable import SyncStore

@Suite("Links awaiting read-back")
struct ReadBackTests {
    @Test("The read-back mark round-trips, and a confirmation clears it only on the named items of the kind", arguments: StoreKind.underTest)
    func confirmation(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let store = try await Fixture.seededStore(in: location)
        var first = Fixture.link(Fixture.contact("c1"), item: "item-1")
        first.awaitsReadBack = true
        var second = Fixture.link(Fixture.contact("c2"), item: "item-2")
        second.awaitsReadBack = true
        try await store.perform(environment: Fixture.environment) { work in
            work.createLink(first)
            work.createLink(second)
        }
        #expect(try await store.link(environment: Fixture.environment, mailbox: Fixture.alice, itemID: "item-1") == first)

        try await store.perform(environment: Fixture.environment) { work in
            // Another kind's items, and an item no longer linked, are left alone.
            work.confirmReadBack(mailbox: Fixture.alice, entity: .task, itemIDs: ["item-2"])
            work.confirmReadBack(mailbox: Fixture.alice, entity: .contact, itemIDs: ["item-1", "gone"])
        }
        let links = try await store.links(environment: Fixture.environment, mailbox: Fixture.alice, entity: .contact)
        #expect(links.map(\.awaitsReadBack) == [false, true])

        // An update carries the mark as given.
        var relinked = links[0]
        relinked.itemID = "item-1-moved"
        relinked.awaitsReadBack = true
        try await store.perform(environment: Fixture.environment) { $0.updateLink(relinked) }
        #expect(try await store.link(environment: Fixture.environment, mailbox: Fixture.alice, record: Fixture.contact("c1"))?.awaitsReadBack == true)
    }

    @Test("A confirmation of many items is applied in chunks", arguments: StoreKind.underTest)
    func manyItems(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let store = try await Fixture.seededStore(in: location)
        try await store.perform(environment: Fixture.environment) { work in
            for index in 0..<1200 {
                var link = Fixture.link(Fixture.contact("c\(index)"), item: "item-\(index)")
                link.awaitsReadBack = true
                work.createLink(link)
            }
        }
        try await store.perform(environment: Fixture.environment) { work in
            work.confirmReadBack(mailbox: Fixture.alice, entity: .contact, itemIDs: (0..<1200).map { "item-\($0)" })
        }
        let links = try await store.links(environment: Fixture.environment, mailbox: Fixture.alice, entity: .contact)
        #expect(links.count == 1200)
        #expect(links.allSatisfy { !$0.awaitsReadBack })
    }
}
