import Foundation
import SyncEngine
@testable import SyncService
import SyncStore
import Testing

/// No delete is lost: Exchange (and Graph delta) report net changes, so an item we created and the
/// user removed before any later cycle read it back never appears in the change stream at all.
@Suite("A delete before read-back is not lost")
struct DeleteBeforeReadBackTests {
    let bob = CycleHarness.bob

    static func fields(of kind: EntityKind) -> FieldSet {
        switch kind {
        case .contact:
            ContactFields(givenName: "Jean", surname: "Dupont", displayName: "Jean Dupont", companyName: "Dupont SA").fields
        case .task:
            TaskFields(subject: "Relancer Dupont", dueDate: LocalDate("2026-03-13")).fields
        case .appointment:
            AppointmentFields(
                subject: "Revue de contrat",
                timing: .timed(
                    start: at("2026-05-12T10:00:00", "Europe/Paris"), startTimeZone: "Europe/Paris",
                    end: at("2026-05-12T11:00:00", "Europe/Paris"), endTimeZone: "Europe/Paris")
            ).fields
        }
    }

    enum Removal: String, CaseIterable, Sendable {
        /// Shift+Delete: gone for good.
        case hardDelete
        /// Delete in Outlook: moved to Deleted Items.
        case moveToDeletedItems
    }

    @Test(
        "An item the user removes before the next cycle reads it back deletes its record, and idle cycles stay at one request per folder",
        arguments: EntityKind.allCases, Removal.allCases)
    func removedBeforeReadBack(_ kind: EntityKind, _ removal: Removal) async throws {
        try await CycleHarness.with { harness in
            // The ERP puts a record; a cycle creates its item; the user removes it before any later cycle.
            try await harness.upsert(kind, "r1", Self.fields(of: kind))
            #expect(try await harness.sync(bob).counts.itemsCreated == 1)
            let item = try await harness.item(kind, of: "r1", in: bob)
            switch removal {
            case .hardDelete: try harness.exchange.deleteItem(in: bob.rawValue, id: item.id.rawValue)
            case .moveToDeletedItems: _ = try harness.exchange.moveItem(in: bob.rawValue, id: item.id.rawValue, to: "deleteditems")
            }

            let summary = try await harness.sync(bob)
            #expect(summary.counts.recordsDeleted == 1)
            #expect(try await harness.record(kind, "r1")?.isDeleted == true)
            #expect(try await harness.links(bob).isEmpty)
            #expect(try await harness.outlookFeed().map(\.operation) == [.deleted])

            // Nothing left to check: an idle cycle costs one SyncFolderItems per folder, nothing else.
            let idle = try await harness.requests { try await harness.sync(bob) }
            #expect(idle.map(\.operation) == Array(repeating: "SyncFolderItems", count: 3))
            #expect(try await harness.items(kind, in: bob).filter { $0.tag != nil }.isEmpty)
        }
    }

    @Test("Reading our creates back costs no search, and the idle cycle after it is one request per folder")
    func readBackCostsNothing() async throws {
        try await CycleHarness.with { harness in
            for kind in EntityKind.allCases { try await harness.upsert(kind, "r1", Self.fields(of: kind)) }
            #expect(try await harness.sync(bob).counts.itemsCreated == 3)
            // Our creates come through the stream like any change (SyncFolderItems, GetItem): no FindItem.
            let readBack = try await harness.requests { try await harness.sync(bob) }
            #expect(Set(readBack.map(\.operation)) == ["SyncFolderItems", "GetItem"])
            #expect(readBack.count(of: "SyncFolderItems") == 3)
            let idle = try await harness.requests { try await harness.sync(bob) }
            #expect(idle.map(\.operation) == Array(repeating: "SyncFolderItems", count: 3))
            #expect(try await harness.links(bob).count == 3)
        }
    }

    @Test("An item moved out and back before it was read back keeps its record, and the record's next edit reaches it")
    func movedBeforeReadBack() async throws {
        try await CycleHarness.with { harness in
            let task = TaskFields(subject: "Relancer Dupont", dueDate: LocalDate("2026-03-13"))
            try await harness.upsert(.task, "t1", task.fields)
            try await harness.sync(bob)
            let item = try await harness.item(.task, of: "t1", in: bob)
            let away = try harness.exchange.moveItem(in: bob.rawValue, id: item.id.rawValue, to: "inbox")
            let back = try harness.exchange.moveItem(in: bob.rawValue, id: away.id, to: "tasks")

            #expect(try await harness.requests { try await harness.sync(bob) }.writes.isEmpty)
            #expect(try await harness.links(bob).map(\.itemID) == [back.id])

            var edited = task
            edited.subject = "Relancer Dupont SA"
            try await harness.upsert(.task, "t1", edited.fields)
            try await harness.sync(bob)
            #expect(try await harness.record(.task, "t1")?.isDeleted == false)
            #expect(try await harness.item(.task, of: "t1", in: bob).fields == edited.fields)
            #expect(try await harness.outlookFeed().isEmpty)
        }
    }
}
