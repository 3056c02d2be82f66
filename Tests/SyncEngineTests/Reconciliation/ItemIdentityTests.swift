import Foundation
import SyncEngine
import Testing

/// Invariant 12: an item is its tag, not its id. A linked item reported deleted whose tag is carried
/// by another item is re-linked to that item; nothing is deleted on either side.
@Suite struct ItemIdentityEngineTests {
    static let fields: FieldSet = ["surname": "Moved"]
    static let tag = SyncTag(record: "r1")

    @Test func aDeletedItemWhoseTagReturnsOnANewItemIsRelinked() throws {
        let plan = Fixture.plan(
            links: [Fixture.link("r1", item: "i1", base: Self.fields)],
            outlook: MailboxChanges(changed: [Fixture.item("i2", Self.fields, tag: Self.tag)], deleted: ["i1"]))
        #expect(plan.crmOperations.isEmpty)
        #expect(plan.outlookOperations.isEmpty)
        let relinked = plan.steps.compactMap { $0.committedLink(outlookResult: nil) }
        #expect(relinked.map(\.item.id) == ["i2"])
        #expect(plan.steps.allSatisfy { $0.removedLink == nil })
    }

    @Test func aRelinkedItemMergesItsEditsAndTheRecordsEdits() throws {
        let edited: FieldSet = ["surname": "Moved", "givenName": "Ana"]
        let plan = Fixture.plan(
            links: [Fixture.link("r1", item: "i1", base: Self.fields)],
            crm: CRMChanges(changed: [Fixture.record("r1", ["surname": "Moved", "companyName": "Dupont"])]),
            outlook: MailboxChanges(changed: [Fixture.item("i2", edited, tag: Self.tag)], deleted: ["i1"]))
        #expect(plan.crmOperations == [.update(id: "r1", patch: FieldPatch(values: ["givenName": .text("Ana")]))])
        guard case .update(let item, let patch, _, _)? = plan.outlookOperations.first else {
            Issue.record("expected an update of the new item: \(plan.outlookOperations)")
            return
        }
        #expect(item.id == "i2")
        #expect(patch.fieldNames == ["companyName"])
    }

    @Test func aDetachedPairFollowsItsMovedItemAndWritesNothing() throws {
        let plan = Fixture.plan(
            policy: SyncPolicy(defaultEntityPolicy: EntityPolicy(delete: .unlink)),
            links: [Fixture.link("r1", item: "i1", base: Self.fields, detached: true)],
            outlook: MailboxChanges(changed: [Fixture.item("i2", Self.fields, tag: Self.tag)], deleted: ["i1"]))
        #expect(plan.writesNothing)
        let step = try #require(plan.onlyStep)
        #expect(step.decision.reason == .detached)
        #expect(step.committedLink(outlookResult: nil)?.item.id == "i2")
        #expect(step.committedLink(outlookResult: nil)?.isDetached == true)
    }

    @Test func anInterruptedImportOfAnItemThatMovedSinceKeepsItsRecordID() throws {
        // The import wrote the tag, then the process died; the user then moved the item.
        let minted = OutlookRecordID.mint(mailbox: Fixture.alice, item: "i1")
        let fields: FieldSet = ["surname": "Opted", "categories": .list(["Prextra"])]
        let plan = Fixture.plan(outlook: MailboxChanges(changed: [Fixture.item("i2", fields, tag: SyncTag(record: minted))]))
        #expect(plan.crmOperations == [.create(id: minted, fields: fields, owner: Fixture.alice)])
    }

    @Test func aFullResyncAfterIdsChangedRematchesByTagAndDeletesNothing() throws {
        let plan = Fixture.plan(
            links: [Fixture.link("r1", item: "i1", base: Self.fields), Fixture.link("r2", item: "i2", base: ["surname": "Two"])],
            crm: .complete([Fixture.record("r1", Self.fields), Fixture.record("r2", ["surname": "Two"])]),
            outlook: .complete([
                Fixture.item("i8", Self.fields, tag: Self.tag), Fixture.item("i9", ["surname": "Two"], tag: SyncTag(record: "r2")),
            ]))
        #expect(plan.crmOperations.isEmpty)
        #expect(plan.outlookOperations.isEmpty)
        let relinked = plan.steps.compactMap { $0.committedLink(outlookResult: nil) }.map { "\($0.recordID)→\($0.item.id)" }
        #expect(relinked.sorted() == ["r1→i8", "r2→i9"])
    }
}
