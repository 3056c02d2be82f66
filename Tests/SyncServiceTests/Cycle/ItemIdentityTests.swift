import Foundation
import SyncEngine
@testable import SyncService
import SyncStore
import Testing

/// Invariant 12: an item is its tag, not its id. Moves out of the folder and back, cut and paste,
/// and re-imports give an item a new ItemId (a Delete and a Create in the change stream); the
/// record and the link follow the tag instead of being deleted.
@Suite("An item is its tag, not its id")
struct ItemIdentityTests {
    let bob = CycleHarness.bob
    static let task = TaskFields(subject: "Relancer Dupont", dueDate: LocalDate("2026-03-13"))

    /// Creates t1 in bob's tasks and reads it back; returns the item.
    func synced(_ harness: CycleHarness) async throws -> OutlookItem {
        try await harness.upsert(.task, "t1", Self.task.fields)
        try await harness.sync(bob)
        try await harness.sync(bob)
        return try await harness.item(.task, of: "t1", in: bob)
    }

    /// Moves an item out of its folder and back (Outlook's cut and paste, or a drag to another
    /// folder and back): it returns with a new ItemId.
    func moveOutAndBack(_ harness: CycleHarness, _ id: ItemID, folder: String = "tasks") throws -> ItemID {
        let away = try harness.exchange.moveItem(in: bob.rawValue, id: id.rawValue, to: "inbox")
        let back = try harness.exchange.moveItem(in: bob.rawValue, id: away.id, to: folder)
        return ItemID(back.id)
    }

    /// The record is alive, exactly one item carries its tag and the link points to it.
    func expectRelinked(_ harness: CycleHarness, to id: ItemID, fields: FieldSet = task.fields, sourceLocation: SourceLocation = #_sourceLocation)
        async throws
    {
        let record = try await harness.record(.task, "t1")
        #expect(record?.isDeleted == false, sourceLocation: sourceLocation)
        #expect(record?.fields == fields, sourceLocation: sourceLocation)
        let item = try await harness.item(.task, of: "t1", in: bob, sourceLocation: sourceLocation)
        #expect(item.id == id, sourceLocation: sourceLocation)
        #expect(item.fields == fields, sourceLocation: sourceLocation)
        #expect(try await harness.links(bob).map(\.itemID) == [id.rawValue], sourceLocation: sourceLocation)
        #expect(try await harness.outlookFeed().isEmpty, "the ERP hears of no delete", sourceLocation: sourceLocation)
    }

    @Test("An item moved out of its folder and back between two cycles keeps its record and its link follows it")
    func movedOutAndBack() async throws {
        try await CycleHarness.with { harness in
            let item = try await synced(harness)
            let newID = try moveOutAndBack(harness, item.id)

            let requests = try await harness.requests { try await harness.sync(bob) }
            #expect(requests.writes.isEmpty)
            try await expectRelinked(harness, to: newID)
            #expect(try await harness.requests { try await harness.sync(bob) }.writes.isEmpty)

            // Still synchronized both ways under its new id.
            var edited = Self.task
            edited.subject = "Relancer Dupont SA"
            try await harness.upsert(.task, "t1", edited.fields)
            try await harness.sync(bob)
            try await expectRelinked(harness, to: newID, fields: edited.fields)
        }
    }

    @Test("A re-imported item (deleted and created again with a new ItemId and the same tag) keeps its record")
    func reimported() async throws {
        try await CycleHarness.with { harness in
            let item = try await synced(harness)
            let reimported = try harness.exchange.reimportItem(in: bob.rawValue, id: item.id.rawValue)
            #expect(try await harness.requests { try await harness.sync(bob) }.writes.isEmpty)
            try await expectRelinked(harness, to: ItemID(reimported.id))
        }
    }

    @Test("An item moved back after the cycle read its removal is found by its tag before its record is deleted")
    func movedBackAfterTheRead() async throws {
        try await CycleHarness.with { harness in
            let item = try await synced(harness)
            let away = try harness.exchange.moveItem(in: bob.rawValue, id: item.id.rawValue, to: "inbox")
            // The cycle reads the removal; the user moves the item back before the cycle acts on it.
            var cycle = harness.cycle(bob)
            cycle.connector = ObservingConnector(base: harness.connector, afterChanges: { kind in
                guard kind == .task, (try? harness.exchange.item(in: CycleHarness.bob.rawValue, id: away.id)) != nil else { return }
                _ = try harness.exchange.moveItem(in: CycleHarness.bob.rawValue, id: away.id, to: "tasks")
            })
            try await cycle.run()
            let back = try await harness.item(.task, of: "t1", in: bob)
            try await expectRelinked(harness, to: back.id)
            #expect(try await harness.requests { try await harness.sync(bob) }.writes.isEmpty)
            try await expectRelinked(harness, to: back.id)
        }
    }

    @Test("An item moved out and back while the cycle updates it gets the update under its new id")
    func movedDuringAnUpdate() async throws {
        try await CycleHarness.with { harness in
            let item = try await synced(harness)
            var edited = Self.task
            edited.subject = "Relancer Dupont SA"
            try await harness.upsert(.task, "t1", edited.fields)
            var cycle = harness.cycle(bob)
            cycle.connector = ObservingConnector(base: harness.connector) { operations, kind in
                guard kind == .task, (try? harness.exchange.item(in: CycleHarness.bob.rawValue, id: item.id.rawValue)) != nil else { return }
                _ = try moveOutAndBack(harness, item.id)
            }
            try await cycle.run()
            let moved = try await harness.item(.task, of: "t1", in: bob)
            #expect(moved.id != item.id)
            try await expectRelinked(harness, to: moved.id, fields: edited.fields)
            #expect(try await harness.requests { try await harness.sync(bob) }.writes.isEmpty)
        }
    }

    @Test("Items deleted together are searched by tag in one request before their records are deleted")
    func manyDeletesCostOneSearch() async throws {
        try await CycleHarness.with { harness in
            for index in 1...5 {
                try await harness.upsert(.task, RecordID("t\(index)"), TaskFields(subject: "Tâche \(index)").fields)
            }
            try await harness.sync(bob)
            try await harness.sync(bob)
            let tagged = try await harness.items(.task, in: bob).filter { $0.tag != nil }
            #expect(tagged.count == 5)
            for item in tagged.prefix(4) { try harness.exchange.deleteItem(in: bob.rawValue, id: item.id.rawValue) }
            // One moved out and back among them: found by the same search, not deleted.
            let moved = try moveOutAndBack(harness, tagged[4].id)

            var summary: SyncRunSummary?
            let requests = try await harness.requests { summary = try await harness.sync(bob) }
            #expect(requests.count(of: "FindItem") == 1)
            #expect(summary?.counts.recordsDeleted == 4)
            let links = try await harness.links(bob)
            #expect(links.map(\.itemID) == [moved.rawValue])
        }
    }

    @Test("A full resync after every ItemId changed re-matches by tag and deletes nothing")
    func fullResyncAfterIdsChanged() async throws {
        try await CycleHarness.with { harness in
            try await harness.upsert(.task, "t1", Self.task.fields)
            try await harness.upsert(.task, "t2", TaskFields(subject: "Envoyer le devis").fields)
            try await harness.sync(bob)
            try await harness.sync(bob)
            for item in try await harness.items(.task, in: bob) where item.tag != nil {
                _ = try moveOutAndBack(harness, item.id)
            }
            // Exchange forgets the sync state (ErrorInvalidSyncStateData): the folder is read in full.
            let folder = FolderName.of(.task)
            let cursor = try await harness.store.syncState(environment: CycleHarness.environment, mailbox: bob, folderID: folder)
            try await harness.store.perform(environment: CycleHarness.environment) { work in
                work.setSyncState(mailbox: CycleHarness.bob, folderID: folder, from: cursor, to: "AAAAAAAA")
            }

            var summary: SyncRunSummary?
            let requests = try await harness.requests { summary = try await harness.sync(bob) }
            #expect(summary?.fullResyncs == [.task])
            #expect(requests.writes.isEmpty)
            #expect(summary?.counts.recordsDeleted == 0)
            let items = try await harness.items(.task, in: bob)
            #expect(items.filter { $0.tag != nil }.count == 2)
            let links = try await harness.links(bob)
            #expect(links.count == 2)
            for link in links {
                #expect(try await harness.record(.task, link.record.id)?.isDeleted == false)
                #expect(items.first { $0.id.rawValue == link.itemID }?.tag == SyncTag(record: link.record.id))
            }
            #expect(try await harness.outlookFeed().isEmpty)
            #expect(try await harness.requests { try await harness.sync(bob) }.writes.isEmpty)
        }
    }
}
