import Foundation
import SyncEngine
import Testing

/// No delete is lost: a link whose item was created after the cursor awaits read-back; a read that
/// does not report it, and a tag search that does not find it, mean the user removed it.
@Suite struct ReadBackTests {
    static let fields: FieldSet = ["surname": "Fresh"]

    static func awaiting(_ id: RecordID = "r1", item: ItemID = "i1") -> Link {
        var link = Fixture.link(id, item: item, base: fields)
        link.awaitsReadBack = true
        return link
    }

    @Test func aCreatedItemAwaitsItsReadBack() throws {
        let plan = Fixture.plan(crm: CRMChanges(changed: [Fixture.record("r1", Self.fields)]))
        let link = try #require(plan.onlyStep?.committedLink(outlookResult: ItemReference(id: "i1", changeKey: "ck-1")))
        #expect(link.awaitsReadBack)
    }

    @Test func aRestoredItemAwaitsItsReadBackToo() throws {
        let plan = Fixture.plan(
            policy: SyncPolicy(defaultEntityPolicy: EntityPolicy(direction: .crmToOutlook)),
            links: [Fixture.link("r1", item: "i1", base: Self.fields)], outlook: MailboxChanges(deleted: ["i1"]))
        let step = try #require(plan.onlyStep)
        #expect(step.decision.reason == .mirrorRestored)
        #expect(step.committedLink(outlookResult: ItemReference(id: "i2", changeKey: "ck-9"))?.awaitsReadBack == true)
    }

    @Test func anItemAwaitingReadBackThatTheReadDoesNotReportIsSearchedByTag() {
        let links = [Self.awaiting(), Fixture.link("r2", item: "i2", base: Self.fields)]
        #expect(VanishedItems.vanished(links, in: MailboxChanges()).map(\.recordID) == ["r1"])
        #expect(VanishedItems.tagsToSearch(links, in: MailboxChanges()) == [SyncTag(record: "r1")])
        // Reported: nothing to search. Its tag on another item of the read: nothing to search either.
        let reported = MailboxChanges(changed: [Fixture.item("i1", changeKey: "ck-1", Self.fields, tag: SyncTag(record: "r1"))])
        #expect(VanishedItems.tagsToSearch(links, in: reported).isEmpty)
        let moved = MailboxChanges(changed: [Fixture.item("i9", Self.fields, tag: SyncTag(record: "r1"))])
        #expect(VanishedItems.tagsToSearch(links, in: moved).isEmpty)
    }

    @Test func notReportedAndNotFoundByTagIsDeleted() {
        let plan = Fixture.plan(links: [Self.awaiting()], crm: CRMChanges(), outlook: MailboxChanges())
        #expect(plan.onlyStep?.decision.action == .deleteRecord)
        #expect(plan.crmOperations == [.delete(id: "r1")])
    }

    @Test func foundByTagUnderTheSameIdIsConfirmedNotDeleted() {
        let links = [Self.awaiting()]
        let found = [Fixture.item("i1", changeKey: "ck-1", Self.fields, tag: SyncTag(record: "r1"))]
        let plan = Reconciler(policy: SyncPolicy()).plan(
            ReconciliationInput(
                mailbox: Fixture.alice, kind: .contact, links: links, crm: CRMChanges(), outlook: MailboxChanges(),
                foundByTag: found),
            now: Fixture.now)
        #expect(plan.writesNothing)
        #expect(plan.steps.allSatisfy { $0.removedLink == nil })
        #expect(VanishedItems.readBack(links: links, plan: plan, outlook: MailboxChanges(), foundByTag: found) == ["i1"])
    }

    @Test func foundByTagUnderANewIdIsRelinkedAndAwaitsItsOwnReadBack() throws {
        let links = [Self.awaiting()]
        let found = [Fixture.item("i7", Self.fields, tag: SyncTag(record: "r1"))]
        let plan = Reconciler(policy: SyncPolicy()).plan(
            ReconciliationInput(
                mailbox: Fixture.alice, kind: .contact, links: links, crm: CRMChanges(), outlook: MailboxChanges(),
                foundByTag: found),
            now: Fixture.now)
        #expect(plan.writesNothing)
        let step = try #require(plan.onlyStep)
        #expect(step.decision.reason == .foundByTag)
        let link = try #require(step.committedLink(outlookResult: nil))
        #expect(link.item.id == "i7")
        #expect(link.awaitsReadBack)
        // Found by a search made after the read: its creation may be newer than the cursor.
        #expect(VanishedItems.readBack(links: links, plan: plan, outlook: MailboxChanges(), foundByTag: found).isEmpty)
    }

    @Test func aReportedItemIsConfirmedWithTheCursor() {
        let links = [Self.awaiting()]
        let outlook = MailboxChanges(changed: [Fixture.item("i1", changeKey: "ck-1", Self.fields, tag: SyncTag(record: "r1"))])
        let plan = Fixture.plan(links: links, outlook: outlook)
        #expect(plan.writesNothing)
        #expect(VanishedItems.readBack(links: links, plan: plan, outlook: outlook, foundByTag: []) == ["i1"])
    }

    @Test func theWorldLosesNoDeleteBeforeReadBack() {
        var world = SyncWorld(mailboxes: [Fixture.alice])
        world.crmUpsert("r1", fields: Self.fields, owners: [Fixture.alice])
        world.cycle(Fixture.alice)
        let created = world.newestItem(Fixture.alice)!
        world.outlookDelete(Fixture.alice, created)
        world.expectSettled()
        #expect(world.records["r1"] == nil)
        #expect(world.convergenceProblems().isEmpty)
    }

    @Test func theWorldFollowsAnItemMovedBeforeReadBack() {
        var world = SyncWorld(mailboxes: [Fixture.alice])
        world.crmUpsert("r1", fields: Self.fields, owners: [Fixture.alice])
        world.cycle(Fixture.alice)
        let moved = world.outlookMoveOutAndBack(Fixture.alice, world.newestItem(Fixture.alice)!)
        world.expectSettled()
        #expect(world.records["r1"] != nil)
        #expect(world.mailboxes[Fixture.alice]!.links["r1"]?.item.id == moved?.id)
        #expect(world.convergenceProblems().isEmpty)
    }
}
