import Foundation
import SyncEngine
import Testing

/// One page of a complete read (`ReconciliationInput.isPageOfCompleteRead`): untagged items are
/// paired by content with the records given, and a record left unmatched waits for the read's
/// last step instead of getting an item now (its item may be on a later page).
@Suite struct PageOfCompleteReadTests {
    private func plan(crm: [CRMRecord], items: [OutlookItem]) -> SyncPlan {
        Reconciler(policy: SyncPolicy()).plan(
            ReconciliationInput(
                mailbox: Fixture.alice, kind: .contact, links: [], crm: CRMChanges(changed: crm),
                outlook: MailboxChanges(changed: items), isPageOfCompleteRead: true),
            now: Fixture.now)
    }

    @Test func anUntaggedItemIsPairedByContent() {
        let fields: FieldSet = ["surname": "Roy", "email1": "lea@example.com"]
        let plan = plan(crm: [Fixture.record("r1", fields)], items: [Fixture.item("i1", fields)])
        #expect(plan.onlyStep?.decision.reason == .matchedByContent)
        #expect(plan.intentsToPersist.isEmpty)
    }

    @Test func anUnmatchedRecordIsLeftForTheLastStep() {
        let plan = plan(
            crm: [Fixture.record("r1", ["surname": "Elsewhere"]), Fixture.record("r2", ["surname": "Twin"]), Fixture.record("r3", ["surname": "Twin"])],
            items: [Fixture.item("i1", ["surname": "Twin"])])
        // r2 takes the only twin; r1 and r3 are neither created nor skipped on this page.
        #expect(plan.steps.map(\.decision.recordID) == ["r2"])
        #expect(plan.intentsToPersist.isEmpty)
    }
}
