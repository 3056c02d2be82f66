import Foundation
import Synchronization
import SyncEngine
@testable import SyncService
import SyncStore
import Testing

/// A first sync reads, plans, writes and commits a page at a time, so that its memory follows a
/// page, not the mailbox (issue 18 item 3), and keeps every promise of a whole read: nothing
/// created twice, lost or echoed, records paired by content across pages, a crash between pages
/// resumed.
@Suite("Paged first sync")
struct PagedFirstSyncTests {
    let bob = CycleHarness.bob
    static let types = "xmlns:t=\"http://schemas.microsoft.com/exchange/services/2006/types\""
    static let pageSize = 3

    /// Ten opted-in contacts, then a personal contact (no category) holding the address of an ERP
    /// record, read last; and an ERP record with no item at all.
    private func seed(_ harness: CycleHarness) async throws -> (personalItem: String, optedIn: Int) {
        for index in 1...10 {
            try harness.exchange.createItem(
                in: bob.rawValue, folder: "contacts",
                xml: """
                    <t:Contact \(Self.types)><t:Categories><t:String>Prextra</t:String></t:Categories>\
                    <t:GivenName>Client</t:GivenName><t:CompanyName>Société \(index)</t:CompanyName>\
                    <t:EmailAddresses><t:Entry Key="EmailAddress1">client\(index)@example.com</t:Entry></t:EmailAddresses>\
                    <t:Surname>N\(index)</t:Surname></t:Contact>
                    """)
        }
        let personal = try harness.exchange.createItem(
            in: bob.rawValue, folder: "contacts",
            xml: """
                <t:Contact \(Self.types)><t:GivenName>Claire</t:GivenName><t:CompanyName>Martin SARL</t:CompanyName>\
                <t:EmailAddresses><t:Entry Key="EmailAddress1">claire@martin.example</t:Entry></t:EmailAddresses>\
                <t:Surname>Martin</t:Surname></t:Contact>
                """)
        let personalFields = try #require(try await harness.items(.contact, in: bob).first { $0.id.rawValue == personal.id }).fields
        try await harness.upsert(.contact, "erp-claire", personalFields)
        try await harness.upsert(
            .contact, "erp-new",
            ContactFields(givenName: "Paul", surname: "Neuf", displayName: "Paul Neuf", companyName: "Neuf SA").fields)
        return (personal.id, 10)
    }

    private func cycle(_ harness: CycleHarness, afterPage: @escaping @Sendable (EntityKind) async throws -> Void) -> SyncCycle {
        SyncCycle(
            environment: CycleHarness.environment, mailbox: bob, policy: harness.defaultPolicy, store: harness.store,
            connector: ObservingConnector(base: harness.connector, afterChanges: afterPage), worker: "tests",
            pageSize: Self.pageSize)
    }

    /// One item per record and one record per opted-in item, every item tagged, the ERP record
    /// paired with the personal contact that holds its address, nothing left pending.
    private func expectSettled(_ harness: CycleHarness, personalItem: String, optedIn: Int) async throws {
        let items = try await harness.items(.contact, in: bob)
        let records = try await harness.store.records(environment: CycleHarness.environment, ownedBy: bob, entity: .contact)
        let links = try await harness.links(bob, .contact)
        #expect(items.count == optedIn + 2)
        #expect(records.count == optedIn + 2)
        #expect(links.count == optedIn + 2)
        #expect(Set(items.compactMap(\.tag)) == Set(records.map { SyncTag(record: $0.key.id) }))
        #expect(try await harness.item(.contact, of: "erp-claire", in: bob).id.rawValue == personalItem)
        _ = try await harness.item(.contact, of: "erp-new", in: bob)
        #expect(try await harness.pendingIntents(bob).isEmpty)
        let cursor = try await harness.store.syncState(
            environment: CycleHarness.environment, mailbox: bob, folderID: FolderName.of(.contact))
        #expect(cursor != nil)
    }

    @Test("Each page is committed before the next is read; the result is a whole read's")
    func commitsEachPage() async throws {
        try await CycleHarness.with { harness in
            let (personal, optedIn) = try await seed(harness)
            let store = harness.store
            let mailbox = bob
            // The links the store holds each time a page of contacts has been read.
            let durable = Mutex<[Int]>([])
            let summary = try await cycle(harness) { kind in
                guard kind == .contact else { return }
                let count = try await store.links(environment: CycleHarness.environment, mailbox: mailbox, entity: .contact).count
                durable.withLock { $0.append(count) }
            }.run()

            let observed = durable.withLock { $0 }
            // 11 items in pages of 3 (then our own tag writes, reported at the end of the walk).
            // Before, nothing was durable until the cycle's one commit: [0, 0, 0, 0, …].
            #expect(observed.count >= 4)
            #expect(Array(observed.prefix(4)) == [0, 3, 6, 9], "links durable as each page was read: \(observed)")
            #expect(observed == observed.sorted())
            #expect(summary.outcome == .succeeded)
            #expect(summary.counts.recordsCreated == optedIn)
            #expect(summary.counts.itemsCreated == 1)
            try await expectSettled(harness, personalItem: personal, optedIn: optedIn)

            // Our tag writes come back as echoes: the next cycle writes nothing.
            #expect(try await harness.requests { try await harness.sync(bob) }.writes.isEmpty)
            #expect(try await harness.requests { try await harness.sync(bob) }.writes.isEmpty)
        }
    }

    @Test("A full resync in pages re-links moved items by tag, deletes what the user deleted, creates what is new, once")
    func fullResyncInPages() async throws {
        try await CycleHarness.with { harness in
            let (personal, optedIn) = try await seed(harness)
            try await cycle(harness) { _ in }.run()
            try await cycle(harness) { _ in }.run()
            // The user moves one item away and back (a new id, the same tag) and deletes another;
            // the ERP adds a record; then Exchange forgets the sync state.
            let tagged = try await harness.items(.contact, in: bob).filter { $0.tag != nil && $0.id.rawValue != personal }
                .sorted { $0.id < $1.id }
            let moved = try #require(tagged.first)
            let deleted = try #require(tagged.last)
            let away = try harness.exchange.moveItem(in: bob.rawValue, id: moved.id.rawValue, to: "inbox")
            let back = try harness.exchange.moveItem(in: bob.rawValue, id: away.id, to: "contacts")
            try harness.exchange.deleteItem(in: bob.rawValue, id: deleted.id.rawValue)
            try await harness.upsert(
                .contact, "erp-later",
                ContactFields(givenName: "Anne", surname: "Tard", displayName: "Anne Tard", companyName: "Tard SA").fields)
            let folder = FolderName.of(.contact)
            let cursor = try await harness.store.syncState(environment: CycleHarness.environment, mailbox: bob, folderID: folder)
            try await harness.store.perform(environment: CycleHarness.environment) { work in
                work.setSyncState(mailbox: CycleHarness.bob, folderID: folder, from: cursor, to: "AAAAAAAA")
            }

            let pagesRead = Mutex(0)
            let summary = try await cycle(harness) { kind in
                if kind == .contact { pagesRead.withLock { $0 += 1 } }
            }.run()
            #expect(summary.fullResyncs == [.contact])
            #expect(pagesRead.withLock { $0 } > 1)
            #expect(summary.counts.itemsCreated == 1)
            #expect(summary.counts.recordsDeleted == 1)
            let movedRecord = try #require(moved.tag?.recordID)
            #expect(try await harness.item(.contact, of: movedRecord, in: bob).id.rawValue == back.id)
            #expect(try await harness.record(.contact, movedRecord)?.isDeleted == false)
            let deletedRecord = try #require(deleted.tag?.recordID)
            #expect(try await harness.record(.contact, deletedRecord)?.isDeleted == true)
            _ = try await harness.item(.contact, of: "erp-later", in: bob)
            let items = try await harness.items(.contact, in: bob)
            #expect(items.count == optedIn + 2)
            #expect(try await harness.links(bob, .contact).count == optedIn + 2)
            #expect(try await harness.requests { try await harness.sync(bob) }.writes.isEmpty)
        }
    }

    @Test("A first sync interrupted between pages is resumed: nothing twice, nothing lost")
    func crashBetweenPages() async throws {
        try await CycleHarness.with { harness in
            let (personal, optedIn) = try await seed(harness)
            let pagesRead = Mutex(0)
            do {
                try await cycle(harness) { kind in
                    guard kind == .contact else { return }
                    let pages = pagesRead.withLock { count in
                        count += 1
                        return count
                    }
                    if pages == 3 { throw InjectedCrash() }
                }.run()
                Issue.record("the cycle should have stopped at the third page")
            } catch {}
            // Two pages were committed, the cursor was not.
            #expect(try await harness.links(bob, .contact).count == 6)
            let cursor = try await harness.store.syncState(
                environment: CycleHarness.environment, mailbox: bob, folderID: FolderName.of(.contact))
            #expect(cursor == nil)

            try await cycle(harness) { _ in }.run()
            try await expectSettled(harness, personalItem: personal, optedIn: optedIn)
            let feed = try await harness.outlookFeed()
            #expect(feed.filter { $0.operation == .created }.count == optedIn)
            #expect(try await harness.requests { try await harness.sync(bob) }.writes.isEmpty)
        }
    }
}
