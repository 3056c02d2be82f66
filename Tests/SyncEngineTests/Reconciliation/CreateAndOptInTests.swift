import Foundation
import SyncEngine
import Testing

@Suite struct CreateAndOptInTests {
    @Test func aNewOwnedRecordIsCreatedWithAPersistedTaggedIntent() throws {
        let fields: FieldSet = ["surname": "Gagnon"]
        let plan = Fixture.plan(crm: CRMChanges(changed: [Fixture.record("r1", fields)]))
        let step = try #require(plan.onlyStep)
        #expect(step.decision.action == .createItem)
        #expect(step.decision.reason == .newRecord)
        let intent = try #require(plan.intentsToPersist.first)
        #expect(intent.tag == SyncTag(record: "r1"))
        #expect(intent.fields == fields)
        #expect(intent.createdAt == Fixture.now)
        #expect(step.outlook == .create(intent: intent, sendMeetingInvitations: false))
        // The link is complete once the create returns the item's id and change key.
        let created = ItemReference(id: "new-item", changeKey: "ck-1")
        let link = try #require(step.committedLink(outlookResult: created))
        #expect(link.item == created)
        #expect(link.base == fields)
        #expect(link.tag == SyncTag(record: "r1"))
    }

    @Test func planningTheSameCreateTwiceYieldsTheSameIntent() {
        let input = CRMChanges(changed: [Fixture.record("r1", ["surname": "Gagnon"])])
        #expect(Fixture.plan(crm: input).intentsToPersist == Fixture.plan(crm: input).intentsToPersist)
    }

    @Test func aRecordNotOwnedByTheMailboxIsSkipped() {
        let plan = Fixture.plan(crm: CRMChanges(changed: [Fixture.record("r1", ["surname": "x"], owners: [Fixture.bob])]))
        #expect(plan.writesNothing)
        #expect(plan.onlyStep?.decision.reason == .notOwned)
    }

    @Test func anOutlookItemWithTheOptInCategoryBecomesARecord() throws {
        let fields: FieldSet = ["surname": "Roy", "categories": ["prextra", "Clients"]]
        let plan = Fixture.plan(outlook: MailboxChanges(changed: [Fixture.item("i1", changeKey: "ck-3", fields)]))
        let step = try #require(plan.onlyStep)
        let id = OutlookRecordID.mint(mailbox: Fixture.alice, item: "i1")
        #expect(step.decision.action == .createRecord)
        #expect(step.decision.reason == .optedIn)
        #expect(step.crm == .create(id: id, fields: fields, owner: Fixture.alice))
        // The item is tagged with its new record so a later full resync finds it by tag.
        #expect(
            step.outlook
                == .update(
                    item: ItemReference(id: "i1", changeKey: "ck-3"), patch: FieldPatch(), tag: SyncTag(record: id),
                    sendMeetingInvitations: false))
        #expect(step.committedLink(outlookResult: ItemReference(id: "i1", changeKey: "ck-4"))?.item.changeKey == "ck-4")
    }

    @Test func theMintedRecordIDIsStablePerMailboxAndItem() {
        #expect(OutlookRecordID.mint(mailbox: Fixture.alice, item: "i1") == OutlookRecordID.mint(mailbox: "ALICE@contoso.example", item: "i1"))
        #expect(OutlookRecordID.mint(mailbox: Fixture.alice, item: "i1") != OutlookRecordID.mint(mailbox: Fixture.bob, item: "i1"))
        #expect(OutlookRecordID.mint(mailbox: Fixture.alice, item: "i1") != OutlookRecordID.mint(mailbox: Fixture.alice, item: "i2"))
        #expect(OutlookRecordID.mint(mailbox: Fixture.alice, item: "i1").rawValue.count == OutlookRecordID.prefix.count + 32)
    }

    @Test func anOutlookItemWithoutTheCategoryStaysPrivate() {
        let plan = Fixture.plan(outlook: MailboxChanges(changed: [Fixture.item("i1", ["surname": "Private", "categories": ["Family"]])]))
        #expect(plan.writesNothing)
        #expect(plan.onlyStep?.decision.action == .skip)
        #expect(plan.onlyStep?.decision.reason == .notOptedIn)
        #expect(plan.onlyStep?.decision.description.contains("without the opt-in category") == true)
    }

    @Test func theOptInCategoryNameIsConfigurable() {
        let policy = SyncPolicy(optInCategory: "CRM")
        let tagged = Fixture.plan(policy: policy, outlook: MailboxChanges(changed: [Fixture.item("i1", ["categories": ["crm"], "surname": "A"])]))
        let prextra = Fixture.plan(policy: policy, outlook: MailboxChanges(changed: [Fixture.item("i1", ["categories": ["Prextra"], "surname": "A"])]))
        #expect(tagged.onlyStep?.decision.action == .createRecord)
        #expect(prextra.onlyStep?.decision.reason == .notOptedIn)
    }
}
