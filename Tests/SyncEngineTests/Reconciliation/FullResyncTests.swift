import Foundation
import SyncEngine
import Testing

/// A rejected cursor (ErrorInvalidSyncStateData) makes the caller read both sides in full.
@Suite struct FullResyncTests {
    @Test func taggedItemsAreMatchedByTagWithoutCreating() throws {
        let fields: FieldSet = ["surname": "Tagged"]
        let plan = Fixture.plan(
            crm: .complete([Fixture.record("r1", fields)]),
            outlook: .complete([Fixture.item("i1", fields, tag: SyncTag(record: "r1"))]))
        let step = try #require(plan.onlyStep)
        #expect(step.decision.action == .link(itemFields: [], recordFields: []))
        #expect(step.decision.reason == .matchedByTag)
        #expect(plan.writesNothing)
        #expect(step.committedLink(outlookResult: nil)?.item.id == "i1")
    }

    @Test func untaggedItemsAreMatchedByContentAndTagged() throws {
        let record = ContactFields(givenName: "Léa", surname: "Roy", emailAddresses: ["Lea.Roy@Example.com"]).fields
        let item = ContactFields(givenName: "Léa", surname: "Roy", emailAddresses: ["lea.roy@example.com "], notes: "met at the fair").fields
        let plan = Fixture.plan(crm: .complete([Fixture.record("r1", record)]), outlook: .complete([Fixture.item("i1", item)]))
        let step = try #require(plan.onlyStep)
        #expect(step.decision.reason == .matchedByContent)
        #expect(step.decision.action == .link(itemFields: [], recordFields: ["notes"]))
        // The item gets its tag so that the next resync matches it by tag.
        guard case .update(_, _, let tag, _)? = step.outlook else {
            Issue.record("expected a tag write")
            return
        }
        #expect(tag == SyncTag(record: "r1"))
        #expect(plan.intentsToPersist.isEmpty)
    }

    @Test func contentMatchingIsOnlyForFullResyncs() {
        let fields: FieldSet = ["surname": "Roy", "email1": "lea@example.com"]
        let plan = Fixture.plan(
            crm: CRMChanges(changed: [Fixture.record("r1", fields)]), outlook: MailboxChanges(changed: [Fixture.item("i1", fields)]))
        #expect(plan.decisions.map(\.action) == [.createItem, .skip])
    }

    @Test func identicalContentIsPairedOneToOneNeverDuplicated() {
        let fields: FieldSet = ["surname": "Twin"]
        let plan = Fixture.plan(
            crm: .complete([Fixture.record("r1", fields), Fixture.record("r2", fields), Fixture.record("r3", fields)]),
            outlook: .complete([Fixture.item("i1", fields), Fixture.item("i2", fields)]))
        let linked = plan.steps.compactMap { $0.committedLink(outlookResult: nil) }.filter { !$0.item.id.rawValue.isEmpty }
        #expect(Set(linked.map(\.item.id)) == ["i1", "i2"])
        #expect(plan.intentsToPersist.map(\.recordID) == ["r3"])
    }

    @Test func aLinkedItemMissingFromTheFullSetWasDeleted() {
        let fields: FieldSet = ["surname": "Gone"]
        let plan = Fixture.plan(
            links: [Fixture.link("r1", item: "i1", base: fields)], crm: .complete([Fixture.record("r1", fields)]),
            outlook: .complete([]))
        #expect(plan.onlyStep?.decision.reason == .deletedInOutlook)
    }

    @Test func aLinkedRecordMissingFromTheFullSetWasDeleted() {
        let fields: FieldSet = ["surname": "Gone"]
        let plan = Fixture.plan(
            links: [Fixture.link("r1", item: "i1", base: fields)], crm: .complete([]),
            outlook: .complete([Fixture.item("i1", changeKey: "ck-1", fields)]))
        #expect(plan.onlyStep?.decision.action == .deleteItem)
    }

    @Test func aTaggedItemOfADeletedRecordIsRemoved() {
        let plan = Fixture.plan(crm: .complete([]), outlook: .complete([Fixture.item("i1", ["surname": "x"], tag: SyncTag(record: "r1"))]))
        #expect(plan.onlyStep?.decision.action == .deleteItem)
        #expect(plan.onlyStep?.decision.reason == .deletedInCRM)
    }

    @Test func aTaggedItemWhoseRecordWasNotProvidedIsHeldBack() {
        let plan = Fixture.plan(outlook: MailboxChanges(changed: [Fixture.item("i1", ["surname": "x"], tag: SyncTag(record: "r1"))]))
        #expect(plan.writesNothing)
        #expect(plan.onlyStep?.decision.reason == .recordUnavailable)
    }

    @Test func aFullResyncOfAnInSyncMailboxWritesNothing() {
        var world = SyncWorld(mailboxes: [Fixture.alice])
        for index in 0..<5 { world.crmUpsert(RecordID("r\(index)"), fields: ["surname": .text("S\(index % 2)")], owners: [Fixture.alice]) }
        world.outlookCreate(Fixture.alice, fields: ["surname": "Mine", "categories": ["Prextra"]])
        world.expectSettled()
        // Lose the links and the cursors: everything must be re-matched, nothing created.
        world.mailboxes[Fixture.alice]!.links = [:]
        world.invalidateCursors(Fixture.alice)
        let plan = world.cycle(Fixture.alice)
        #expect(plan?.intentsToPersist.isEmpty == true)
        #expect(plan?.crmOperations.isEmpty == true)
        #expect(world.mailboxes[Fixture.alice]!.items.count == 6)
        #expect(world.records.count == 6)
        #expect(world.convergenceProblems().isEmpty)
    }
}
