import Foundation
import SyncEngine
import Testing

@Suite struct ThreeWayMergeTests {
    let base: FieldSet = ["subject": "Review", "location": "Room 1", "body": "Agenda"]
    let twoWay = ThreeWayMerge(policy: EntityPolicy())

    @Test func aFieldChangedInTheCRMOnlyGoesToOutlook() {
        var crm = base
        crm["location"] = "Room 2"
        let outcome = twoWay.merge(base: base, crm: crm, outlook: base)
        #expect(outcome.merged == crm)
        #expect(outcome.outlookPatch == FieldPatch(values: ["location": "Room 2"]))
        #expect(outcome.crmPatch.isEmpty)
        #expect(outcome.conflicts.isEmpty)
    }

    @Test func aFieldChangedInOutlookOnlyGoesToTheCRM() {
        var outlook = base
        outlook["subject"] = "Review (moved)"
        let outcome = twoWay.merge(base: base, crm: base, outlook: outlook)
        #expect(outcome.merged == outlook)
        #expect(outcome.crmPatch == FieldPatch(values: ["subject": "Review (moved)"]))
        #expect(outcome.outlookPatch.isEmpty)
    }

    @Test func differentFieldsChangedOnEachSideAreBothKept() {
        var crm = base
        crm["location"] = "Room 2"
        var outlook = base
        outlook["subject"] = "Review (moved)"
        let outcome = twoWay.merge(base: base, crm: crm, outlook: outlook)
        #expect(outcome.merged == ["subject": "Review (moved)", "location": "Room 2", "body": "Agenda"])
        #expect(outcome.outlookPatch.fieldNames == ["location"])
        #expect(outcome.crmPatch.fieldNames == ["subject"])
        #expect(outcome.conflicts.isEmpty)
    }

    @Test func aFieldClearedOnOneSideIsClearedOnTheOther() {
        var outlook = base
        outlook["body"] = nil
        let outcome = twoWay.merge(base: base, crm: base, outlook: outlook)
        #expect(outcome.merged["body"] == nil)
        #expect(outcome.crmPatch == FieldPatch(cleared: ["body"]))
    }

    @Test func theSameChangeOnBothSidesIsNoConflictAndWritesNothing() {
        var changed = base
        changed["location"] = "Room 9"
        let outcome = twoWay.merge(base: base, crm: changed, outlook: changed)
        #expect(outcome.conflicts.isEmpty)
        #expect(outcome.crmPatch.isEmpty && outcome.outlookPatch.isEmpty)
        #expect(outcome.merged == changed)
    }

    @Test func bothSidesChangedDifferentlyIsAConflictSettledByCRMWins() {
        var crm = base
        crm["location"] = "CRM room"
        var outlook = base
        outlook["location"] = "Outlook room"
        let outcome = twoWay.merge(base: base, crm: crm, outlook: outlook)
        #expect(outcome.merged["location"] == "CRM room")
        #expect(outcome.outlookPatch == FieldPatch(values: ["location": "CRM room"]))
        #expect(outcome.crmPatch.isEmpty)
        #expect(
            outcome.conflicts == [
                Conflict(
                    field: "location", base: "Room 1", crm: "CRM room", outlook: "Outlook room", winner: .crm,
                    why: .crmWinsPolicy)
            ])
    }

    @Test func outlookWinsPolicySettlesForOutlook() {
        let merge = ThreeWayMerge(policy: EntityPolicy(conflict: .outlookWins))
        var crm = base
        crm["location"] = "CRM room"
        var outlook = base
        outlook["location"] = nil
        let outcome = merge.merge(base: base, crm: crm, outlook: outlook)
        #expect(outcome.merged["location"] == nil)
        #expect(outcome.crmPatch == FieldPatch(cleared: ["location"]))
        #expect(outcome.conflicts.first?.winner == .outlook)
        #expect(outcome.conflicts.first?.why == .outlookWinsPolicy)
    }

    @Test(arguments: [(100.0, 200.0, SyncSide.outlook), (200.0, 100.0, .crm), (150.0, 150.0, .crm)])
    func latestWinsComparesModificationInstants(crmAt: Double, outlookAt: Double, winner: SyncSide) {
        let merge = ThreeWayMerge(policy: EntityPolicy(conflict: .latestWins))
        var crm = base
        crm["subject"] = "CRM"
        var outlook = base
        outlook["subject"] = "Outlook"
        let crmDate = Date(timeIntervalSince1970: crmAt)
        let outlookDate = Date(timeIntervalSince1970: outlookAt)
        let outcome = merge.merge(base: base, crm: crm, outlook: outlook, crmModifiedAt: crmDate, outlookModifiedAt: outlookDate)
        #expect(outcome.merged["subject"] == (winner == .crm ? "CRM" : "Outlook"))
        #expect(outcome.conflicts.first?.winner == winner)
        #expect(outcome.conflicts.first?.why == .modifiedLater(crm: crmDate, outlook: outlookDate))
    }

    @Test func latestWinsWithoutBothInstantsFallsBackToTheCRM() {
        let merge = ThreeWayMerge(policy: EntityPolicy(conflict: .latestWins))
        var crm = base
        crm["subject"] = "CRM"
        var outlook = base
        outlook["subject"] = "Outlook"
        let outcome = merge.merge(base: base, crm: crm, outlook: outlook, crmModifiedAt: nil, outlookModifiedAt: Fixture.now)
        #expect(outcome.merged["subject"] == "CRM")
        #expect(outcome.conflicts.first?.why == .modificationInstantMissing(crm: nil, outlook: Fixture.now))
    }

    @Test func crmToOutlookMakesOutlookAMirrorWithoutConflicts() {
        let merge = ThreeWayMerge(policy: EntityPolicy(direction: .crmToOutlook))
        var outlook = base
        outlook["subject"] = "edited in Outlook"
        let outcome = merge.merge(base: base, crm: base, outlook: outlook)
        #expect(outcome.merged == base)
        #expect(outcome.crmPatch.isEmpty)
        #expect(outcome.outlookPatch == FieldPatch(values: ["subject": "Review"]))
        #expect(outcome.conflicts.isEmpty)
    }

    @Test func outlookToCrmMakesTheCRMAMirror() {
        let merge = ThreeWayMerge(policy: EntityPolicy(direction: .outlookToCrm))
        var crm = base
        crm["location"] = "edited in the CRM"
        var outlook = base
        outlook["subject"] = "edited in Outlook"
        let outcome = merge.merge(base: base, crm: crm, outlook: outlook)
        #expect(outcome.merged == outlook)
        #expect(outcome.outlookPatch.isEmpty)
        #expect(outcome.crmPatch.fieldNames == ["location", "subject"])
    }

    @Test func withoutABaseAFieldOnOneSideIsKeptAndDifferencesConflict() {
        let outcome = twoWay.merge(base: nil, crm: ["subject": "A", "body": "same"], outlook: ["subject": "B", "body": "same", "notes": "n"])
        #expect(outcome.conflicts.map(\.field) == ["subject"])
        #expect(outcome.merged == ["subject": "A", "body": "same", "notes": "n"])
    }

    @Test func patchesApplyToGiveTheMergedFields() {
        let crm: FieldSet = ["subject": "A", "location": "X", "body": "b"]
        let outlook: FieldSet = ["subject": "B", "body": "b", "showAs": "Busy"]
        let outcome = twoWay.merge(base: ["subject": "A", "body": "b"], crm: crm, outlook: outlook)
        #expect(outcome.crmPatch.applied(to: crm) == outcome.merged)
        #expect(outcome.outlookPatch.applied(to: outlook) == outcome.merged)
    }
}
