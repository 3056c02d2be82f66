import Foundation
import SyncEngine
import Testing

@Suite struct IntentRecoveryTests {
    let fields: FieldSet = ["surname": "Created"]

    func intent(_ id: RecordID) -> PendingIntent {
        PendingIntent(mailbox: Fixture.alice, kind: .contact, recordID: id, fields: fields, createdAt: Fixture.now)
    }

    @Test func anIntentWhoseTaggedItemIsFoundIsLinkedAndTheOthersRetried() {
        let found = Fixture.item("i1", fields, tag: SyncTag(record: "r1"))
        let resolution = IntentRecovery(pending: [intent("r1"), intent("r2")], found: [found]).resolve()
        #expect(resolution.toLink.map(\.intent.recordID) == ["r1"])
        #expect(resolution.toLink.first?.item == found)
        #expect(resolution.toRetry.map(\.recordID) == ["r2"])
    }

    @Test func whenSeveralItemsCarryTheTagTheSmallestIDIsChosen() {
        let resolution = IntentRecovery(
            pending: [intent("r1")],
            found: [Fixture.item("i9", fields, tag: SyncTag(record: "r1")), Fixture.item("i3", fields, tag: SyncTag(record: "r1"))]
        ).resolve()
        #expect(resolution.toLink.first?.item.id == "i3")
    }

    @Test func thePlannerLinksARecoveredItemInsteadOfCreatingIt() throws {
        let plan = Fixture.plan(
            crm: CRMChanges(changed: [Fixture.record("r1", fields)]),
            recovery: IntentRecovery(pending: [intent("r1")], found: [Fixture.item("i1", fields, tag: SyncTag(record: "r1"))]))
        let step = try #require(plan.onlyStep)
        #expect(step.decision.reason == .recoveredIntent)
        #expect(plan.intentsToPersist.isEmpty)
        #expect(plan.writesNothing)
        #expect(step.committedLink(outlookResult: nil)?.item.id == "i1")
    }

    @Test func aRecoveredItemEditedSinceItsCreationBringsTheEditToTheCRM() throws {
        let plan = Fixture.plan(
            recovery: IntentRecovery(pending: [intent("r1")], found: [Fixture.item("i1", ["surname": "Edited"], tag: SyncTag(record: "r1"))]))
        #expect(plan.onlyStep?.crm == .update(id: "r1", patch: FieldPatch(values: ["surname": "Edited"])))
    }

    @Test func anIntentWithNothingFoundIsRetriedWithTheSameTag() throws {
        let pending = intent("r1")
        let plan = Fixture.plan(recovery: IntentRecovery(pending: [pending], found: []))
        let step = try #require(plan.onlyStep)
        #expect(step.decision.reason == .retryIntent)
        #expect(plan.intentsToPersist == [pending])
    }

    @Test func anIntentForARecordDeletedMeanwhileIsDroppedAndItsItemRemoved() {
        let plan = Fixture.plan(
            crm: CRMChanges(deleted: ["r1", "r2"]),
            recovery: IntentRecovery(pending: [intent("r1"), intent("r2")], found: [Fixture.item("i1", fields, tag: SyncTag(record: "r1"))]))
        #expect(plan.obsoleteIntents.map(\.recordID) == ["r1", "r2"])
        #expect(plan.outlookOperations == [.delete(item: ItemReference(id: "i1", changeKey: "ck-2"), sendMeetingCancellations: false)])
        #expect(plan.intentsToPersist.isEmpty)
    }

    @Test func anIntentOfAnAlreadyLinkedRecordIsObsolete() {
        let plan = Fixture.plan(links: [Fixture.link("r1", item: "i1", base: fields)], recovery: IntentRecovery(pending: [intent("r1")]))
        #expect(plan.obsoleteIntents.map(\.recordID) == ["r1"])
        #expect(plan.writesNothing)
    }

    @Test func theCreatedItemSeenInTheChangeStreamCountsAsFound() {
        // SyncFolderItems reports the item we created before the crash as a Create.
        let plan = Fixture.plan(
            outlook: MailboxChanges(changed: [Fixture.item("i1", fields, tag: SyncTag(record: "r1"))]),
            recovery: IntentRecovery(pending: [intent("r1")], found: []))
        #expect(plan.intentsToPersist.isEmpty)
        #expect(plan.onlyStep?.decision.reason == .recoveredIntent)
    }

    @Test func anIntentWhoseRecordIsAbsentFromAFullResyncIsDropped() {
        // Found by the property tests: a crash left an intent, then the record was deleted and the cursor rejected.
        let plan = Fixture.plan(crm: .complete([]), outlook: .complete([]), recovery: IntentRecovery(pending: [intent("r1")]))
        #expect(plan.intentsToPersist.isEmpty)
        #expect(plan.obsoleteIntents.map(\.recordID) == ["r1"])
        #expect(plan.onlyStep?.decision.reason == .deletedInCRM)
    }

    @Test func anInterruptedCreateWhoseRecordLostTheMailboxIsCleanedUp() {
        // Found by the property tests: the link was removed (owner gone) while the restored item existed.
        let plan = Fixture.plan(
            policy: SyncPolicy(defaultEntityPolicy: EntityPolicy(direction: .crmToOutlook)),
            links: [Fixture.link("r1", item: "i1", base: fields)],
            crm: CRMChanges(changed: [Fixture.record("r1", fields, owners: [Fixture.bob])]),
            outlook: MailboxChanges(changed: [Fixture.item("i2", fields, tag: SyncTag(record: "r1"))], deleted: ["i1"]),
            recovery: IntentRecovery(pending: [intent("r1")]))
        #expect(plan.outlookOperations == [.delete(item: ItemReference(id: "i2", changeKey: "ck-2"), sendMeetingCancellations: false)])
        #expect(plan.obsoleteIntents.map(\.recordID) == ["r1"])
        #expect(plan.steps.compactMap(\.removedLink) == ["r1"])
    }

    @Test func aSecondTaggedItemOfALinkedRecordFromAnIntentIsRemoved() {
        let plan = Fixture.plan(
            links: [Fixture.link("r1", item: "i1", base: fields)],
            recovery: IntentRecovery(pending: [intent("r1")], found: [Fixture.item("i2", fields, tag: SyncTag(record: "r1"))]))
        #expect(plan.onlyStep?.decision.action == .deleteItem)
        #expect(plan.onlyStep?.decision.reason == .duplicate)
    }
}
