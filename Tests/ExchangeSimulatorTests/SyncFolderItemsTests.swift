import ExchangeSimulator
import Foundation
import Testing

/// SyncFolderItems: real, resumable, tamper-evident sync states and coalesced changes.
@Suite("EWS SyncFolderItems")
struct SyncFolderItemsTests {
    static func sync(_ folder: String = "tasks", state: String?, max: Int, shape: String = "IdOnly", ignore: [String] = []) -> String {
        let stateElement = state.map { "<m:SyncState>\($0)</m:SyncState>" } ?? ""
        let ignoreElement = ignore.isEmpty ? "" : "<m:Ignore>" + ignore.map { "<t:ItemId Id=\"\($0)\"/>" }.joined() + "</m:Ignore>"
        return """
            <m:SyncFolderItems><m:ItemShape><t:BaseShape>\(shape)</t:BaseShape></m:ItemShape>\
            <m:SyncFolderId><t:DistinguishedFolderId Id="\(folder)"/></m:SyncFolderId>\(stateElement)\(ignoreElement)\
            <m:MaxChangesReturned>\(max)</m:MaxChangesReturned></m:SyncFolderItems>
            """
    }

    struct Page {
        var state: String
        var includesLast: Bool
        var changes: [(kind: String, id: String)]
        var code: String
    }

    static func page(_ response: SimulatorHarness.EWSResponse) throws -> Page {
        let message = try #require(response.messages.first)
        let changes = (message.child("Changes")?.children ?? []).map { change in
            (change.name, change.all("ItemId").first?[attribute: "Id"] ?? "")
        }
        return Page(
            state: message.child("SyncState")?.text ?? "", includesLast: message.child("IncludesLastItemInRange")?.text == "true",
            changes: changes, code: message.child("ResponseCode")?.text ?? "")
    }

    static func createTasks(_ harness: SimulatorHarness, count: Int, prefix: String = "task") async throws -> [String] {
        let items = (0..<count).map { "<t:Task><t:Subject>\(prefix) \($0)</t:Subject></t:Task>" }.joined()
        let response = try await harness.ews("<m:CreateItem><m:Items>\(items)</m:Items></m:CreateItem>")
        return response.messages.compactMap { $0.all("ItemId").first?[attribute: "Id"] }
    }

    @Test func initialSyncPagesThroughEveryItemAndResumes() async throws {
        try await SimulatorHarness.with { harness in
            let created = try await Self.createTasks(harness, count: 5)
            var state: String?
            var seen: [String] = []
            var pages = 0
            while true {
                let page = try Self.page(try await harness.ews(Self.sync(state: state, max: 2)))
                #expect(page.changes.allSatisfy { $0.kind == "Create" })
                seen += page.changes.map(\.id)
                state = page.state
                pages += 1
                if page.includesLast { break }
            }
            #expect(pages == 3)
            #expect(seen.count == 6, "the seeded task plus five")
            #expect(Set(created).isSubset(of: Set(seen)))
            // Nothing changed: an empty page, and the same state again (stable).
            let idle = try Self.page(try await harness.ews(Self.sync(state: state, max: 512)))
            #expect(idle.changes.isEmpty)
            #expect(idle.includesLast)
            #expect(idle.state == state)
        }
    }

    @Test func changesAreCoalescedLikeExchange() async throws {
        try await SimulatorHarness.with { harness in
            let initial = try Self.page(try await harness.ews(Self.sync(state: nil, max: 512)))
            let existing = try #require(initial.changes.first?.id)
            // Created then updated: one Create. Created then deleted: nothing.
            let ids = try await Self.createTasks(harness, count: 2, prefix: "new")
            try harness.exchange.updateItem(in: SimulatorHarness.alice, id: ids[0], set: ["Subject": "renamed"])
            try harness.exchange.deleteItem(in: SimulatorHarness.alice, id: ids[1])
            // Updated twice: one Update.
            try harness.exchange.updateItem(in: SimulatorHarness.alice, id: existing, set: ["Subject": "a"])
            try harness.exchange.updateItem(in: SimulatorHarness.alice, id: existing, set: ["Subject": "b"])
            let next = try Self.page(try await harness.ews(Self.sync(state: initial.state, max: 512)))
            #expect(next.changes.map(\.kind).sorted() == ["Create", "Update"])
            #expect(next.changes.first { $0.kind == "Create" }?.id == ids[0])
            #expect(next.changes.first { $0.kind == "Update" }?.id == existing)

            try harness.exchange.deleteItem(in: SimulatorHarness.alice, id: existing)
            let deleted = try Self.page(try await harness.ews(Self.sync(state: next.state, max: 512)))
            #expect(deleted.changes.map(\.kind) == ["Delete"])
            #expect(deleted.changes.first?.id == existing)
        }
    }

    @Test func aMoveIsADeleteHereAndACreateThere() async throws {
        try await SimulatorHarness.with { harness in
            let tasks = try Self.page(try await harness.ews(Self.sync(state: nil, max: 512)))
            let inbox = try Self.page(try await harness.ews(Self.sync("inbox", state: nil, max: 512)))
            let id = try #require(tasks.changes.first?.id)
            let moved = try harness.exchange.moveItem(in: SimulatorHarness.alice, id: id, to: "inbox")
            #expect(try Self.page(try await harness.ews(Self.sync(state: tasks.state, max: 512))).changes.map(\.kind) == ["Delete"])
            let arrived = try Self.page(try await harness.ews(Self.sync("inbox", state: inbox.state, max: 512)))
            #expect(arrived.changes.map(\.kind) == ["Create"])
            #expect(arrived.changes.first?.id == moved.id)
        }
    }

    @Test func ignoredItemsAreLeftOut() async throws {
        try await SimulatorHarness.with { harness in
            let ids = try await Self.createTasks(harness, count: 2)
            let page = try Self.page(try await harness.ews(Self.sync(state: nil, max: 512, ignore: [ids[0]])))
            #expect(!page.changes.map(\.id).contains(ids[0]))
            #expect(page.changes.map(\.id).contains(ids[1]))
        }
    }

    @Test func corruptForeignAndTamperedStatesAreInvalid() async throws {
        try await SimulatorHarness.with { harness in
            let tasks = try Self.page(try await harness.ews(Self.sync(state: nil, max: 512)))
            let corrupt = try Self.page(try await harness.ews(Self.sync(state: "H4sIAAA==", max: 10)))
            #expect(corrupt.code == "ErrorInvalidSyncStateData")
            let otherFolder = try Self.page(try await harness.ews(Self.sync("calendar", state: tasks.state, max: 10)))
            #expect(otherFolder.code == "ErrorInvalidSyncStateData")
            var bytes = try #require(Data(base64Encoded: tasks.state))
            bytes[8] ^= 0x01
            let tampered = try Self.page(try await harness.ews(Self.sync(state: bytes.base64EncodedString(), max: 10)))
            #expect(tampered.code == "ErrorInvalidSyncStateData")
            let otherMailbox = try await harness.ews(Self.sync(state: tasks.state, max: 10), mailbox: SimulatorHarness.bob)
            #expect(try Self.page(otherMailbox).code == "ErrorInvalidSyncStateData")
        }
    }

    @Test func recurringSeriesSyncAsTheirMasterOnly() async throws {
        try await SimulatorHarness.with { harness in
            let page = try Self.page(try await harness.ews(Self.sync("calendar", state: nil, max: 512, shape: "Default")))
            #expect(page.changes.count == 1, "ten occurrences, one master")
        }
    }

    @Test func fullShapesRenderInSchemaOrder() async throws {
        try await SimulatorHarness.with { harness in
            for folder in ["calendar", "contacts", "tasks"] {
                let response = try await harness.ews(Self.sync(folder, state: nil, max: 512, shape: "AllProperties"))
                #expect(try Self.page(response).code == "NoError")
            }
        }
    }
}
