import Foundation
import SyncEngine
import Testing

@Suite struct MultiOwnerTests {
    let fields: FieldSet = ["surname": "Shared"]

    @Test func aRecordOwnedByTwoMailboxesIsPlannedInEach() {
        let record = Fixture.record("r1", fields, owners: [Fixture.alice, Fixture.bob])
        for mailbox in [Fixture.alice, Fixture.bob] {
            let plan = Fixture.plan(mailbox: mailbox, crm: CRMChanges(changed: [record]))
            #expect(plan.onlyStep?.decision.action == .createItem)
            #expect(plan.intentsToPersist.first?.mailbox == mailbox)
        }
        let alice = Fixture.plan(mailbox: Fixture.alice, crm: CRMChanges(changed: [record])).intentsToPersist[0]
        let bob = Fixture.plan(mailbox: Fixture.bob, crm: CRMChanges(changed: [record])).intentsToPersist[0]
        #expect(alice.id != bob.id)
        #expect(alice.tag == bob.tag)
    }

    @Test func removingAnOwnerDeletesTheItemFromThatMailboxOnly() throws {
        let record = Fixture.record("r1", fields, owners: [Fixture.bob])
        let alice = Fixture.plan(
            mailbox: Fixture.alice, links: [Fixture.link("r1", item: "a1", base: fields, mailbox: Fixture.alice)],
            crm: CRMChanges(changed: [record]))
        let step = try #require(alice.onlyStep)
        #expect(step.decision.action == .deleteItem)
        #expect(step.decision.reason == .ownerRemoved)
        #expect(step.removedLink == "r1")
        #expect(alice.crmOperations.isEmpty)

        let bob = Fixture.plan(
            mailbox: Fixture.bob, links: [Fixture.link("r1", item: "b1", base: fields, mailbox: Fixture.bob)],
            crm: CRMChanges(changed: [record]))
        #expect(bob.writesNothing)
    }

    @Test func linksOfOtherMailboxesAreIgnored() {
        let plan = Fixture.plan(
            mailbox: Fixture.alice, links: [Fixture.link("r1", item: "b1", base: fields, mailbox: Fixture.bob)],
            outlook: MailboxChanges(deleted: ["b1"]))
        #expect(plan.writesNothing)
        #expect(plan.onlyStep?.decision.reason == .notLinked)
    }

    @Test func twoMailboxesConvergeOnTheSameRecordThroughTheWorld() {
        var world = SyncWorld(mailboxes: [Fixture.alice, Fixture.bob])
        world.crmUpsert("r1", fields: fields, owners: [Fixture.alice, Fixture.bob])
        world.expectSettled()
        #expect(world.mailboxes[Fixture.alice]!.items.count == 1)
        #expect(world.mailboxes[Fixture.bob]!.items.count == 1)

        // Bob edits his copy; Alice's copy follows through the CRM.
        let bobItem = world.mailboxes[Fixture.bob]!.items.keys.first!
        world.outlookEdit(Fixture.bob, bobItem) { $0["jobTitle"] = "Director" }
        world.expectSettled()
        #expect(world.records["r1"]?.record.fields["jobTitle"] == "Director")
        #expect(world.mailboxes[Fixture.alice]!.items.values.first?.fields["jobTitle"] == "Director")

        // Alice is no longer an owner: her item goes, Bob's stays.
        world.crmSetOwners("r1", [Fixture.bob])
        world.expectSettled()
        #expect(world.mailboxes[Fixture.alice]!.items.isEmpty)
        #expect(world.mailboxes[Fixture.bob]!.items.count == 1)
        #expect(world.convergenceProblems().isEmpty)
    }

    @Test func anUnlinkedTaggedItemOfARecordTheMailboxNoLongerOwnsIsRemoved() {
        // Found by the property tests: a crash before the link commit, then the ERP moved the record to another owner.
        let plan = Fixture.plan(
            crm: CRMChanges(changed: [Fixture.record("r1", fields, owners: [Fixture.bob])]),
            outlook: MailboxChanges(changed: [Fixture.item("i1", fields, tag: SyncTag(record: "r1"))]))
        #expect(plan.onlyStep?.decision.action == .deleteItem)
        #expect(plan.onlyStep?.decision.reason == .ownerRemoved)
    }
}
