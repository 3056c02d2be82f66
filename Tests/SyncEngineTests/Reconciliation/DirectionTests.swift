import Foundation
import SyncEngine
import Testing

@Suite struct DirectionTests {
    let base: FieldSet = ["surname": "Tremblay"]

    func policy(_ direction: SyncDirection) -> SyncPolicy {
        SyncPolicy(defaultEntityPolicy: EntityPolicy(direction: direction))
    }

    @Test func offSkipsEverythingAndSaysWhy() {
        let plan = Fixture.plan(
            policy: policy(.off), links: [Fixture.link("r1", item: "i1", base: base)],
            crm: CRMChanges(changed: [Fixture.record("r1", ["surname": "x"]), Fixture.record("r2", base)]),
            outlook: MailboxChanges(changed: [Fixture.item("i9", ["categories": ["Prextra"]])], deleted: ["i1"]))
        #expect(plan.writesNothing)
        #expect(plan.decisions.count == 3)
        #expect(plan.decisions.allSatisfy { $0.reason == .directionOff })
    }

    @Test func crmToOutlookNeverImportsOutlookItems() {
        let plan = Fixture.plan(
            policy: policy(.crmToOutlook), outlook: MailboxChanges(changed: [Fixture.item("i9", ["categories": ["Prextra"]])]))
        #expect(plan.writesNothing)
        #expect(plan.onlyStep?.decision.reason == .directionForbids)
    }

    @Test func crmToOutlookRevertsOutlookEdits() {
        let plan = Fixture.plan(
            policy: policy(.crmToOutlook), links: [Fixture.link("r1", item: "i1", base: base)],
            outlook: MailboxChanges(changed: [Fixture.item("i1", ["surname": "Edited"])]))
        #expect(plan.crmOperations.isEmpty)
        #expect(plan.onlyStep?.decision.reason == .mirrorRestored)
        #expect(plan.onlyStep?.decision.action == .update(itemFields: ["surname"], recordFields: []))
    }

    @Test func crmToOutlookRecreatesAnItemDeletedInOutlook() throws {
        let plan = Fixture.plan(
            policy: policy(.crmToOutlook), links: [Fixture.link("r1", item: "i1", base: base)],
            outlook: MailboxChanges(deleted: ["i1"]))
        let step = try #require(plan.onlyStep)
        #expect(step.decision.action == .createItem)
        #expect(step.decision.reason == .mirrorRestored)
        #expect(plan.crmOperations.isEmpty)
        #expect(step.committedLink(outlookResult: ItemReference(id: "i2", changeKey: "a"))?.item.id == "i2")
    }

    @Test func outlookToCrmDoesNotPushNewRecords() {
        let plan = Fixture.plan(policy: policy(.outlookToCrm), crm: CRMChanges(changed: [Fixture.record("r1", base)]))
        #expect(plan.writesNothing)
        #expect(plan.onlyStep?.decision.reason == .directionForbids)
    }

    @Test func outlookToCrmRestoresARecordDeletedInTheCRM() {
        let plan = Fixture.plan(
            policy: policy(.outlookToCrm), links: [Fixture.link("r1", item: "i1", base: base)], crm: CRMChanges(deleted: ["r1"]))
        #expect(plan.outlookOperations.isEmpty)
        #expect(plan.onlyStep?.crm == .create(id: "r1", fields: base, owner: Fixture.alice))
    }

    @Test func outlookToCrmOverwritesCRMEdits() {
        let plan = Fixture.plan(
            policy: policy(.outlookToCrm), links: [Fixture.link("r1", item: "i1", base: base)],
            crm: CRMChanges(changed: [Fixture.record("r1", ["surname": "CRM edit"])]))
        #expect(plan.outlookOperations.isEmpty)
        #expect(plan.onlyStep?.crm == .update(id: "r1", patch: FieldPatch(values: ["surname": "Tremblay"])))
    }

    @Test func directionIsPerEntity() {
        let policy = SyncPolicy(entities: [.task: EntityPolicy(direction: .off)])
        #expect(policy.policy(for: .task).direction == .off)
        #expect(policy.policy(for: .contact).direction == .twoWay)
        let taskPlan = Fixture.plan(policy: policy, kind: .task, crm: CRMChanges(changed: [Fixture.record("t1", ["subject": "x"])]))
        #expect(taskPlan.onlyStep?.decision.reason == .directionOff)
    }

    @Test func policiesDecodeFromTheirConfigurationSpelling() throws {
        let json = #"{"direction":"crm-to-outlook","conflict":"latest-wins","delete":"unlink"}"#
        let decoded = try JSONDecoder().decode(EntityPolicy.self, from: Data(json.utf8))
        #expect(decoded == EntityPolicy(direction: .crmToOutlook, conflict: .latestWins, delete: .unlink))
    }

    @Test func anInterruptedRestorationIsLinkedNotRepeated() throws {
        // Found by the property tests: the restored item was created, then the process died before the link commit.
        let intent = PendingIntent(mailbox: Fixture.alice, kind: .contact, recordID: "r1", fields: base, createdAt: Fixture.now)
        let plan = Fixture.plan(
            policy: policy(.crmToOutlook), links: [Fixture.link("r1", item: "i1", base: base)],
            outlook: MailboxChanges(changed: [Fixture.item("i2", base, tag: SyncTag(record: "r1"))], deleted: ["i1"]),
            recovery: IntentRecovery(pending: [intent]))
        #expect(plan.intentsToPersist.isEmpty)
        #expect(plan.writesNothing)
        #expect(plan.onlyStep?.decision.reason == .recoveredIntent)
        #expect(plan.onlyStep?.committedLink(outlookResult: nil)?.item.id == "i2")
    }
}
