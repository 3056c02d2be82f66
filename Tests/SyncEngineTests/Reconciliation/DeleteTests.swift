import Foundation
import SyncEngine
import Testing

@Suite struct DeleteTests {
    let base: FieldSet = ["surname": "Tremblay"]

    @Test func aCRMDeletePropagatesToOutlook() throws {
        let plan = Fixture.plan(links: [Fixture.link("r1", item: "i1", base: base)], crm: CRMChanges(deleted: ["r1"]))
        let step = try #require(plan.onlyStep)
        #expect(step.decision.action == .deleteItem)
        #expect(step.decision.reason == .deletedInCRM)
        #expect(step.outlook == .delete(item: ItemReference(id: "i1", changeKey: "ck-1"), sendMeetingCancellations: false))
        #expect(step.removedLink == "r1")
    }

    @Test func anOutlookDeletePropagatesToTheCRM() throws {
        let plan = Fixture.plan(links: [Fixture.link("r1", item: "i1", base: base)], outlook: MailboxChanges(deleted: ["i1"]))
        let step = try #require(plan.onlyStep)
        #expect(step.decision.action == .deleteRecord)
        #expect(step.decision.reason == .deletedInOutlook)
        #expect(step.crm == .delete(id: "r1"))
        #expect(step.removedLink == "r1")
    }

    @Test func deletedOnBothSidesOnlyForgetsTheLink() throws {
        let plan = Fixture.plan(
            links: [Fixture.link("r1", item: "i1", base: base)], crm: CRMChanges(deleted: ["r1"]),
            outlook: MailboxChanges(deleted: ["i1"]))
        #expect(plan.writesNothing)
        #expect(plan.onlyStep?.decision.reason == .deletedOnBothSides)
        #expect(plan.onlyStep?.removedLink == "r1")
    }

    @Test func aDeleteWinsOverAnEditOnTheOtherSide() throws {
        let edited = Fixture.plan(
            links: [Fixture.link("r1", item: "i1", base: base)], crm: CRMChanges(deleted: ["r1"]),
            outlook: MailboxChanges(changed: [Fixture.item("i1", ["surname": "Edited"])]))
        #expect(edited.onlyStep?.decision.action == .deleteItem)
        #expect(edited.onlyStep?.decision.reason == .deleteWinsOverEdit)

        let editedInCRM = Fixture.plan(
            links: [Fixture.link("r1", item: "i1", base: base)],
            crm: CRMChanges(changed: [Fixture.record("r1", ["surname": "Edited"])]), outlook: MailboxChanges(deleted: ["i1"]))
        #expect(editedInCRM.onlyStep?.crm == .delete(id: "r1"))
        #expect(editedInCRM.onlyStep?.decision.reason == .deleteWinsOverEdit)
    }

    @Test func theUnlinkPolicyDetachesInsteadOfDeleting() throws {
        let policy = SyncPolicy(defaultEntityPolicy: EntityPolicy(delete: .unlink))
        for (crm, outlook, reason) in [
            (CRMChanges(deleted: ["r1"]), MailboxChanges(), Decision.Reason.deletedInCRM),
            (CRMChanges(), MailboxChanges(deleted: ["i1"]), .deletedInOutlook),
        ] {
            let plan = Fixture.plan(policy: policy, links: [Fixture.link("r1", item: "i1", base: base)], crm: crm, outlook: outlook)
            let step = try #require(plan.onlyStep)
            #expect(plan.writesNothing)
            #expect(step.decision.action == .unlink)
            #expect(step.decision.reason == reason)
            #expect(step.committedLink(outlookResult: nil)?.isDetached == true)
        }
    }

    @Test func aDetachedPairIsNotSynchronizedAgain() throws {
        let plan = Fixture.plan(
            links: [Fixture.link("r1", item: "i1", base: base, detached: true)],
            crm: CRMChanges(changed: [Fixture.record("r1", ["surname": "New"])]))
        #expect(plan.writesNothing)
        #expect(plan.onlyStep?.decision.reason == .detached)
    }

    @Test func deletePolicyIsPerEntity() throws {
        let policy = SyncPolicy(entities: [.task: EntityPolicy(delete: .unlink)])
        let contact = Fixture.plan(policy: policy, links: [Fixture.link("r1", item: "i1", base: base)], crm: CRMChanges(deleted: ["r1"]))
        let task = Fixture.plan(
            policy: policy, kind: .task, links: [Fixture.link("r1", item: "i1", base: base, kind: .task)],
            crm: CRMChanges(deleted: ["r1"]))
        #expect(contact.onlyStep?.decision.action == .deleteItem)
        #expect(task.onlyStep?.decision.action == .unlink)
    }

    @Test func deletesOfUnlinkedThingsAreExplainedAndIgnored() {
        let plan = Fixture.plan(crm: CRMChanges(deleted: ["r9"]), outlook: MailboxChanges(deleted: ["i9"]))
        #expect(plan.writesNothing)
        #expect(plan.decisions.map(\.reason) == [.notLinked, .notLinked])
    }

    @Test func cancellingAMeetingSendsCancellationsOnlyWhenAsked() throws {
        let plan = Fixture.plan(
            kind: .appointment, links: [Fixture.link("m1", item: "i1", base: base, kind: .appointment)],
            crm: CRMChanges(deleted: ["m1"]))
        #expect(plan.onlyStep?.outlook == .delete(item: ItemReference(id: "i1", changeKey: "ck-1"), sendMeetingCancellations: false))
    }
}
