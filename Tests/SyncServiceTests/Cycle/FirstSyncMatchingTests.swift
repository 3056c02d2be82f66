import Foundation
import SyncEngine
@testable import SyncService
import SyncStore
import Testing

/// A first sync pairs the ERP's records with items already in the mailbox without adopting the
/// user's personal items.
@Suite("First-sync matching")
struct FirstSyncMatchingTests {
    let bob = CycleHarness.bob
    static let types = "xmlns:t=\"http://schemas.microsoft.com/exchange/services/2006/types\""

    @Test("A personal task with the subject and due date of an ERP task is left alone; the ERP's task gets its own item")
    func personalTaskNotAdopted() async throws {
        try await CycleHarness.with { harness in
            let personal = try harness.exchange.createItem(
                in: bob.rawValue, folder: "tasks",
                xml: "<t:Task \(Self.types)><t:Subject>Rappeler</t:Subject><t:DueDate>2026-03-13T00:00:00Z</t:DueDate></t:Task>")
            let before = try await harness.items(.task, in: bob)
            #expect(before.count == 1)
            let erpTask = try #require(before.first).fields
            try await harness.upsert(.task, "t1", erpTask)

            try await harness.sync(bob)
            let items = try await harness.items(.task, in: bob)
            #expect(items.count == 2)
            let untouched = try #require(items.first { $0.id.rawValue == personal.id })
            #expect(untouched.tag == nil)
            #expect(untouched.reference == before.first?.reference)
            #expect(try await harness.item(.task, of: "t1", in: bob).id.rawValue != personal.id)
            #expect(try await harness.outlookFeed().isEmpty)
        }
    }

    @Test("A task carrying the opt-in category is still paired by content on a first sync")
    func categorisedTaskMatched() async throws {
        try await CycleHarness.with { harness in
            let existing = try harness.exchange.createItem(
                in: bob.rawValue, folder: "tasks",
                xml: """
                    <t:Task \(Self.types)><t:Subject>Rappeler</t:Subject>\
                    <t:Categories><t:String>Prextra</t:String></t:Categories>\
                    <t:DueDate>2026-03-13T00:00:00Z</t:DueDate></t:Task>
                    """)
            let fields = try #require(try await harness.items(.task, in: bob).first).fields
            try await harness.upsert(.task, "t1", fields)
            try await harness.sync(bob)
            #expect(try await harness.items(.task, in: bob).count == 1)
            #expect(try await harness.item(.task, of: "t1", in: bob).id.rawValue == existing.id)
        }
    }
}
