import Foundation
import SyncEngine
import Testing

/// Invariant 13: the ordinary actions of users and of the ERP that once lost data (issue 11).
@Suite struct OrdinaryActionTests {
    static let outlookWins = SyncPolicy(defaultEntityPolicy: EntityPolicy(conflict: .outlookWins))

    @Test func anInterruptedUpdateIsRecognisedAsOursByItsChangeKey() throws {
        let base: FieldSet = ["surname": "Roy", "jobTitle": "Agent"]
        var link = Fixture.link("r1", item: "i1", changeKey: "ck-1", base: base)
        // We wrote jobTitle = Directeur (change key ck-2); the commit never happened.
        link.uncommittedWrite = UncommittedWrite(changeKey: "ck-2", patch: FieldPatch(values: ["jobTitle": "Directeur"]))
        let item = Fixture.item("i1", changeKey: "ck-2", ["surname": "Roy", "jobTitle": "Directeur"])
        let plan = Fixture.plan(
            policy: Self.outlookWins, links: [link],
            crm: CRMChanges(changed: [Fixture.record("r1", ["surname": "Roy", "jobTitle": "Président"])]),
            outlook: MailboxChanges(changed: [item]))
        let step = try #require(plan.onlyStep)
        #expect(step.conflicts.isEmpty)
        #expect(step.crm == nil)
        #expect(step.outlook == .update(item: item.reference, patch: FieldPatch(values: ["jobTitle": "Président"]), tag: nil, sendMeetingInvitations: false))
        let committed = try #require(step.committedLink(outlookResult: ItemReference(id: "i1", changeKey: "ck-3")))
        #expect(committed.base == ["surname": "Roy", "jobTitle": "Président"])
        #expect(committed.uncommittedWrite == nil)
    }

    @Test func aUserEditAfterAnInterruptedUpdateIsStillTheUsers() throws {
        let base: FieldSet = ["surname": "Roy", "jobTitle": "Agent"]
        var link = Fixture.link("r1", item: "i1", changeKey: "ck-1", base: base)
        link.uncommittedWrite = UncommittedWrite(changeKey: "ck-2", patch: FieldPatch(values: ["jobTitle": "Directeur"]))
        // Since our write, the user changed the surname (ck-3).
        let item = Fixture.item("i1", changeKey: "ck-3", ["surname": "Leroy", "jobTitle": "Directeur"])
        let plan = Fixture.plan(
            policy: Self.outlookWins, links: [link],
            crm: CRMChanges(changed: [Fixture.record("r1", ["surname": "Roy", "jobTitle": "Président"])]),
            outlook: MailboxChanges(changed: [item]))
        let step = try #require(plan.onlyStep)
        #expect(step.conflicts.isEmpty)
        #expect(step.crm == .update(id: "r1", patch: FieldPatch(values: ["surname": "Leroy"])))
        #expect(step.committedLink(outlookResult: nil)?.base == ["surname": "Leroy", "jobTitle": "Président"])
    }

    @Test func anOwnerChangeKeepsTheUsersUnsyncedEdits() throws {
        let base: FieldSet = ["surname": "Roy", "companyName": "Roy SA"]
        let plan = Fixture.plan(
            links: [Fixture.link("r1", item: "i1", base: base)],
            crm: CRMChanges(changed: [Fixture.record("r1", base, owners: [Fixture.bob])]),
            outlook: MailboxChanges(changed: [Fixture.item("i1", ["surname": "Roy", "companyName": "Roy & Fils"])]))
        let step = try #require(plan.onlyStep)
        #expect(step.decision.reason == .ownerRemoved)
        #expect(step.crm == .update(id: "r1", patch: FieldPatch(values: ["companyName": "Roy & Fils"])))
        guard case .delete? = step.outlook else {
            Issue.record("expected the item to leave the mailbox")
            return
        }
        #expect(step.removedLink == "r1")
    }

    @Test func anUnreadableLinkedItemIsNotDeletedByACompleteListing() {
        let fields: FieldSet = ["surname": "Roy"]
        let plan = Fixture.plan(
            links: [Fixture.link("r1", item: "i1", base: fields)], crm: .complete([Fixture.record("r1", fields)]),
            outlook: MailboxChanges(changed: [], isComplete: true, unreadable: ["i1"]))
        #expect(plan.crmOperations.isEmpty)
        #expect(plan.outlookOperations.isEmpty)
        #expect(!plan.steps.contains { $0.removedLink != nil })
    }

    @Test func anUnreadableItemAwaitingReadBackIsNeitherVanishedNorDeleted() {
        let fields: FieldSet = ["surname": "Roy"]
        var link = Fixture.link("r1", item: "i1", base: fields)
        link.awaitsReadBack = true
        let outlook = MailboxChanges(changed: [], unreadable: ["i1"])
        #expect(VanishedItems.vanished([link], in: outlook).isEmpty)
        #expect(VanishedItems.tagsToSearch([link], in: outlook).isEmpty)
        let plan = Fixture.plan(links: [link], crm: CRMChanges(changed: []), outlook: outlook)
        #expect(plan.crmOperations.isEmpty)
        #expect(plan.outlookOperations.isEmpty)
        #expect(!plan.steps.contains { $0.removedLink != nil })
    }

    @Test func aPersonalTaskIsNotAdoptedByContent() throws {
        let task = TaskFields(subject: "Rappeler", dueDate: LocalDate("2026-03-13")).fields
        let plan = Fixture.plan(
            kind: .task, crm: .complete([Fixture.record("t1", task)]), outlook: .complete([Fixture.item("i1", task)]))
        #expect(plan.intentsToPersist.map(\.recordID) == ["t1"])
        #expect(!plan.decisions.contains { $0.reason == .matchedByContent })
        #expect(plan.decisions.contains { $0.itemID == "i1" && $0.reason == .notOptedIn })
    }

    @Test func aTaskWithTheCategoryIsStillMatchedByContent() throws {
        let task = TaskFields(subject: "Rappeler", dueDate: LocalDate("2026-03-13"), categories: ["Prextra"]).fields
        let plan = Fixture.plan(
            kind: .task, crm: .complete([Fixture.record("t1", task)]), outlook: .complete([Fixture.item("i1", task)]))
        #expect(plan.onlyStep?.decision.reason == .matchedByContent)
        #expect(plan.intentsToPersist.isEmpty)
    }
}
