import Foundation
import SyncEngine
import Testing

/// Decisions for records and items that are already linked.
@Suite struct LinkedPairTests {
    let base: FieldSet = ["surname": "Tremblay", "companyName": "Contoso", "jobTitle": "Buyer"]

    @Test func aCRMChangeUpdatesOnlyTheChangedFieldsInOutlook() throws {
        var fields = base
        fields["jobTitle"] = "Head buyer"
        let plan = Fixture.plan(
            links: [Fixture.link("r1", item: "i1", base: base)], crm: CRMChanges(changed: [Fixture.record("r1", fields)]))
        let step = try #require(plan.onlyStep)
        #expect(step.decision.action == .update(itemFields: ["jobTitle"], recordFields: []))
        #expect(step.decision.reason == .changedInCRM)
        #expect(
            step.outlook
                == .update(
                    item: ItemReference(id: "i1", changeKey: "ck-1"), patch: FieldPatch(values: ["jobTitle": "Head buyer"]),
                    tag: nil, sendMeetingInvitations: false))
        #expect(step.crm == nil)
        let link = try #require(step.committedLink(outlookResult: ItemReference(id: "i1", changeKey: "ck-9")))
        #expect(link.base == fields)
        #expect(link.item.changeKey == "ck-9")
    }

    @Test func anOutlookChangeUpdatesOnlyTheChangedFieldsInTheCRM() throws {
        var fields = base
        fields["companyName"] = "Fabrikam"
        let plan = Fixture.plan(
            links: [Fixture.link("r1", item: "i1", base: base)],
            outlook: MailboxChanges(changed: [Fixture.item("i1", changeKey: "ck-5", fields)]))
        let step = try #require(plan.onlyStep)
        #expect(step.decision.action == .update(itemFields: [], recordFields: ["companyName"]))
        #expect(step.decision.reason == .changedInOutlook)
        #expect(step.crm == .update(id: "r1", patch: FieldPatch(values: ["companyName": "Fabrikam"])))
        #expect(step.outlook == nil)
        // The item's new version becomes the recorded one, so it is not applied again.
        let link = try #require(step.committedLink(outlookResult: nil))
        #expect(link.item == ItemReference(id: "i1", changeKey: "ck-5"))
        #expect(link.base == fields)
    }

    @Test func ourOwnWriteComingBackIsAnEchoAndWritesNothing() throws {
        // The link records ck-1 for our last write; the change stream reports the item at ck-1.
        var stale = base
        stale["jobTitle"] = "whatever the item says"
        let plan = Fixture.plan(
            links: [Fixture.link("r1", item: "i1", changeKey: "ck-1", base: base)],
            outlook: MailboxChanges(changed: [Fixture.item("i1", changeKey: "ck-1", stale)]))
        let step = try #require(plan.onlyStep)
        #expect(step.decision.action == .skip)
        #expect(step.decision.reason == .echo)
        #expect(plan.writesNothing)
        #expect(step.link == .unchanged)
    }

    @Test func aCRMChangeEqualToTheBaseWritesNothing() throws {
        let plan = Fixture.plan(
            links: [Fixture.link("r1", item: "i1", base: base)], crm: CRMChanges(changed: [Fixture.record("r1", base)]))
        let step = try #require(plan.onlyStep)
        #expect(step.decision.action == .skip)
        #expect(step.decision.reason == .noChange)
        #expect(plan.writesNothing)
    }

    @Test func aNewChangeKeyWithNoFieldChangeOnlyRecordsTheNewVersion() throws {
        let plan = Fixture.plan(
            links: [Fixture.link("r1", item: "i1", changeKey: "ck-1", base: base)],
            outlook: MailboxChanges(changed: [Fixture.item("i1", changeKey: "ck-7", base)]))
        let step = try #require(plan.onlyStep)
        #expect(plan.writesNothing)
        #expect(step.decision.reason == .noChange)
        #expect(step.committedLink(outlookResult: nil)?.item.changeKey == "ck-7")
    }

    @Test func whitespaceAndSubSecondDifferencesAreNoChange() throws {
        let instant = Date(timeIntervalSince1970: 1_800_000_000)
        let stored: FieldSet = ["surname": "Tremblay", "reminderAt": .instant(instant)]
        let plan = Fixture.plan(
            links: [Fixture.link("r1", item: "i1", base: stored)],
            crm: CRMChanges(changed: [
                Fixture.record("r1", ["surname": "  Tremblay\n", "reminderAt": .instant(instant.addingTimeInterval(0.4)), "notes": ""])
            ]))
        #expect(plan.writesNothing)
        #expect(plan.onlyStep?.decision.reason == .noChange)
    }

    @Test func aConflictIsReportedWithItsRecordAndItem() throws {
        var crm = base
        crm["jobTitle"] = "CRM title"
        var outlook = base
        outlook["jobTitle"] = "Outlook title"
        let plan = Fixture.plan(
            links: [Fixture.link("r1", item: "i1", base: base)], crm: CRMChanges(changed: [Fixture.record("r1", crm)]),
            outlook: MailboxChanges(changed: [Fixture.item("i1", outlook)]))
        let step = try #require(plan.onlyStep)
        #expect(step.decision.reason == .changed)
        #expect(step.decision.action == .update(itemFields: ["jobTitle"], recordFields: []))
        let conflict = try #require(plan.conflicts.first)
        #expect(conflict.recordID == "r1")
        #expect(conflict.itemID == "i1")
        #expect(conflict.base == "Buyer")
        #expect(conflict.crm == "CRM title")
        #expect(conflict.outlook == "Outlook title")
        #expect(conflict.winner == .crm)
        #expect(conflict.description.contains("'jobTitle' changed on both sides, crm wins"))
    }

    @Test func unchangedLinksAreNotConsidered() {
        let plan = Fixture.plan(links: [Fixture.link("r1", item: "i1", base: base)])
        #expect(plan.steps.isEmpty)
    }

    @Test func meetingWritesCarryTheInvitationFlagOfThePolicy() throws {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let meeting = AppointmentFields(
            subject: "Review",
            timing: .timed(start: start, startTimeZone: "Europe/Paris", end: start + 3600, endTimeZone: "Europe/Paris"),
            attendees: [Attendee(email: "Client@Example.com")]
        ).fields
        var moved = meeting
        moved[FieldName.location] = "Room 4"
        for send in [false, true] {
            let plan = Fixture.plan(
                policy: SyncPolicy(sendMeetingInvitations: send), kind: .appointment,
                links: [Fixture.link("m1", item: "i1", base: meeting, kind: .appointment)],
                crm: CRMChanges(changed: [Fixture.record("m1", moved)]))
            guard case .update(_, _, _, let sendInvitations)? = plan.onlyStep?.outlook else {
                Issue.record("expected an update")
                return
            }
            #expect(sendInvitations == send)
        }
    }

    @Test func contactsNeverAskForInvitationsEvenWhenThePolicyAllowsThem() throws {
        var fields = base
        fields["jobTitle"] = "x"
        let plan = Fixture.plan(
            policy: SyncPolicy(sendMeetingInvitations: true), links: [Fixture.link("r1", item: "i1", base: base)],
            crm: CRMChanges(changed: [Fixture.record("r1", fields)]))
        guard case .update(_, _, _, let send)? = plan.onlyStep?.outlook else {
            Issue.record("expected an update")
            return
        }
        #expect(send == false)
    }
}
