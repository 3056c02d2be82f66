import Foundation
import SyncEngine
import Testing

@Suite struct EmailTrackingPlannerTests {
    static let alice: MailboxAddress = "alice@contoso.com"
    static let bob: MailboxAddress = "bob@contoso.com"
    static let directory = EmailContactDirectory(
        contacts: [
            (RecordID(rawValue: "c-2"), ["Client@Fabrikam.com"]),
            (RecordID(rawValue: "c-1"), ["buyer@fabrikam.com", "client@fabrikam.com"]),
            (RecordID(rawValue: "c-9"), ["bob@contoso.com"]),
        ],
        excluding: [alice, bob])

    static func planner(_ mode: EmailTrackingMode, maxBodyBytes: Int = 1_000, maxRecipientsKept: Int = 500) -> EmailTrackingPlanner {
        EmailTrackingPlanner(
            rules: EmailTrackingRules(mode: mode, category: "Prextra", maxBodyBytes: maxBodyBytes, maxRecipientsKept: maxRecipientsKept),
            contacts: directory, enrolledMailboxes: [alice, bob])
    }

    static func message(
        _ id: String?, in mailbox: MailboxAddress = alice, folder: EmailFolder = .inbox, from: String = "client@fabrikam.com",
        to: [String] = ["alice@contoso.com"], sent: TimeInterval = 1_000, inReplyTo: String? = nil, references: [String] = [],
        conversation: String? = nil, sensitivity: EmailSensitivity = .normal, categories: [String] = [], body: String? = nil
    ) -> ObservedEmail {
        ObservedEmail(
            mailbox: mailbox, folder: folder, internetMessageID: id.flatMap(InternetMessageID.init),
            inReplyTo: inReplyTo.flatMap(InternetMessageID.init), references: references.compactMap(InternetMessageID.init),
            conversationID: conversation, from: EmailParticipant(address: from), to: to.map { EmailParticipant(address: $0) },
            subject: "Quote", sentAt: Date(timeIntervalSince1970: sent), sensitivity: sensitivity, categories: categories, body: body)
    }

    @Test func crmContactsTracksMailWithAContactAmongSenderOrRecipientsAndNothingElse() {
        let plan = Self.planner(.crmContacts).plan([
            Self.message("<in@fabrikam.com>"),
            Self.message("<out@contoso.com>", folder: .sentItems, from: "alice@contoso.com", to: ["nobody@else.org", "BUYER@fabrikam.com"]),
            Self.message("<news@letter.org>", from: "news@letter.org"),
        ], ledger: TrackedEmailLedger())

        #expect(plan.trackedEmails.map(\.internetMessageID.rawValue) == ["<in@fabrikam.com>", "<out@contoso.com>"])
        #expect(plan.trackedEmails[0].matchedContacts.map(\.rawValue) == ["c-1", "c-2"])
        #expect(plan.trackedEmails[0].direction == .inbound)
        #expect(plan.trackedEmails[1].matchedContacts.map(\.rawValue) == ["c-1"])
        #expect(plan.trackedEmails[1].direction == .outbound)
        #expect(plan.skipped.map(\.reason) == [.notSelected])
    }

    @Test func anEmployeeWhoIsAlsoAContactDoesNotMakeInternalMailTracked() {
        let plan = Self.planner(.crmContacts).plan(
            [Self.message("<internal@contoso.com>", from: "bob@contoso.com", to: ["alice@contoso.com"])], ledger: TrackedEmailLedger())
        #expect(plan.steps.isEmpty)
        #expect(plan.skipped.map(\.reason) == [.notSelected])
    }

    @Test(arguments: [EmailSensitivity.private, .personal, .confidential])
    func privatePersonalAndConfidentialMailIsNeverTracked(sensitivity: EmailSensitivity) {
        for mode in [EmailTrackingMode.crmContacts, .category, .repliesToTracked] {
            let plan = Self.planner(mode).plan(
                [Self.message("<secret@fabrikam.com>", inReplyTo: "<tracked@x.org>", sensitivity: sensitivity, categories: ["Prextra"])],
                ledger: TrackedEmailLedger(entries: [InternetMessageID("<tracked@x.org>")!: .init(mailboxes: [Self.alice])]))
            #expect(plan.steps.isEmpty)
            #expect(plan.skipped.map(\.reason) == [.sensitivity])
        }
    }

    @Test func offTracksNothingEvenWhenTaggedOrMatched() {
        let plan = Self.planner(.off).plan([Self.message("<a@x.org>", categories: ["Prextra"])], ledger: TrackedEmailLedger())
        #expect(plan.steps.isEmpty)
        #expect(plan.skipped.map(\.reason) == [.trackingOff])
    }

    @Test func oneMessageSeenInTwoMailboxesIsOneRecordWithBothMailboxes() {
        let planner = Self.planner(.crmContacts)
        let sent = Self.message(
            "<m1@contoso.com>", in: Self.alice, folder: .sentItems, from: "alice@contoso.com",
            to: ["bob@contoso.com", "client@fabrikam.com"])
        var received = sent
        received.mailbox = Self.bob
        received.folder = .inbox

        let first = planner.plan([sent, received], ledger: TrackedEmailLedger())
        #expect(first.trackedEmails.count == 1)
        #expect(first.trackedEmails.first?.mailboxes == [Self.alice])
        #expect(first.steps.last == .addSighting(InternetMessageID("<m1@contoso.com>")!, mailbox: Self.bob, mailboxes: [Self.alice, Self.bob]))

        // Read again (a replayed page, a restarted cycle): nothing new.
        let again = planner.plan([received, sent], ledger: first.ledger)
        #expect(again.steps.isEmpty)
        #expect(again.skipped.map(\.reason) == [.alreadyRecorded, .alreadyRecorded])
    }

    @Test func categoryModeTracksOnlyTaggedMailWhateverTheCaseOfTheCategory() {
        let plan = Self.planner(.category).plan([
            Self.message("<tagged@x.org>", from: "someone@x.org", categories: ["  prextra "]),
            Self.message("<contact@fabrikam.com>"),
        ], ledger: TrackedEmailLedger())
        #expect(plan.trackedEmails.map(\.internetMessageID.rawValue) == ["<tagged@x.org>"])
        #expect(plan.trackedEmails.first?.reason == .category)
        #expect(plan.trackedEmails.first?.matchedContacts.isEmpty == true)
    }

    @Test func repliesToTrackedFollowsAThreadEvenWhenTheReplyIsReadBeforeTheMessageItAnswers() {
        let plan = Self.planner(.repliesToTracked).plan([
            Self.message("<reply-2@x.org>", from: "someone@x.org", sent: 3_000, references: ["<start@x.org>", "<reply-1@x.org>"]),
            Self.message("<reply-1@x.org>", from: "someone@x.org", sent: 2_000, inReplyTo: "<start@x.org>"),
            Self.message("<start@x.org>", from: "someone@x.org", sent: 1_000, categories: ["Prextra"]),
            Self.message("<other@x.org>", from: "client@fabrikam.com", sent: 1_500),
        ], ledger: TrackedEmailLedger())
        #expect(plan.trackedEmails.map(\.internetMessageID.rawValue) == ["<start@x.org>", "<reply-1@x.org>", "<reply-2@x.org>"])
        #expect(plan.trackedEmails.map(\.reason) == [.category, .replyInTrackedThread, .replyInTrackedThread])
        #expect(plan.trackedEmails[1].inReplyTo?.rawValue == "<start@x.org>")
        #expect(plan.skipped.map(\.internetMessageID?.rawValue) == ["<other@x.org>"])
    }

    @Test func aReplySentInTheSameSecondComesAfterTheMessageItAnswers() {
        let plan = Self.planner(.repliesToTracked).plan([
            Self.message("<reply@x.org>", from: "someone@x.org", sent: 1_000, inReplyTo: "<start@x.org>", references: ["<start@x.org>"]),
            Self.message("<start@x.org>", from: "someone@x.org", sent: 1_000, categories: ["Prextra"]),
        ], ledger: TrackedEmailLedger())
        #expect(plan.trackedEmails.map(\.internetMessageID.rawValue) == ["<start@x.org>", "<reply@x.org>"])
    }

    @Test func repliesToTrackedFollowsAConversationTrackedInAnEarlierCycle() {
        let ledger = TrackedEmailLedger(entries: [InternetMessageID("<old@x.org>")!: .init(mailboxes: [Self.bob], conversationID: "CONV-1")])
        let plan = Self.planner(.repliesToTracked).plan([
            Self.message("<late@x.org>", from: "someone@x.org", conversation: "CONV-1"),
            Self.message("<elsewhere@x.org>", from: "someone@x.org", conversation: "CONV-2"),
        ], ledger: ledger)
        #expect(plan.trackedEmails.map(\.internetMessageID.rawValue) == ["<late@x.org>"])
    }

    @Test func aMessageWithoutAnInternetMessageIdIsSkipped() {
        let plan = Self.planner(.crmContacts).plan([Self.message(nil), Self.message("  ")], ledger: TrackedEmailLedger())
        #expect(plan.steps.isEmpty)
        #expect(plan.skipped.map(\.reason) == [.noInternetMessageID, .noInternetMessageID])
    }

    @Test func anEnormousBodyIsCutOnACharacterBoundaryWithAWarning() throws {
        let body = String(repeating: "é", count: 10_000)  // 2 bytes each
        let plan = Self.planner(.crmContacts, maxBodyBytes: 1_001).plan([Self.message("<big@x.org>", body: body)], ledger: TrackedEmailLedger())
        let email = try #require(plan.trackedEmails.first)
        #expect(email.bodyTruncated)
        #expect(email.body == String(repeating: "é", count: 500))
        #expect(email.warnings.contains("body cut from 20000 to 1000 bytes"))

        let small = Self.planner(.crmContacts).plan([Self.message("<small@x.org>", body: "Hello")], ledger: TrackedEmailLedger())
        #expect(small.trackedEmails.first?.bodyTruncated == false)
        #expect(small.trackedEmails.first?.warnings.isEmpty == true)
    }

    @Test func thousandsOfRecipientsAreAllMatchedButOnlySomeKept() throws {
        var recipients = (0..<3_000).map { "person\($0)@crowd.org" }
        recipients.append("client@fabrikam.com")
        let plan = Self.planner(.crmContacts, maxRecipientsKept: 200).plan(
            [Self.message("<crowd@x.org>", from: "alice@contoso.com", to: recipients)], ledger: TrackedEmailLedger())
        let email = try #require(plan.trackedEmails.first)
        #expect(email.to.count == 200)
        #expect(email.matchedContacts.map(\.rawValue) == ["c-1", "c-2"])
        #expect(email.warnings == ["To cut from 3001 to 200 recipients (all were matched)"])
    }

    @Test func malformedAddressesAreKeptAsWrittenAndMatchNothing() throws {
        let plan = Self.planner(.crmContacts).plan([
            Self.message("<odd@x.org>", from: "client@fabrikam.com", to: ["not an address", "client@@fabrikam.com", "<client@fabrikam.com>"]),
        ], ledger: TrackedEmailLedger())
        let email = try #require(plan.trackedEmails.first)
        #expect(email.to.map(\.address) == ["not an address", "client@@fabrikam.com", "<client@fabrikam.com>"])
        #expect(email.warnings == ["3 malformed addresses kept as written, not matched"])

        let unmatched = Self.planner(.crmContacts).plan(
            [Self.message("<odd2@x.org>", from: "client@fabrikam", to: ["client@fabrikam.com."])], ledger: TrackedEmailLedger())
        #expect(unmatched.steps.isEmpty)
    }

    @Test func aReadingProblemBecomesAWarningOnTheRecord() throws {
        var message = Self.message("<charset@x.org>", body: "caf?")
        message.readingProblems = ["body charset x-unknown-8 not recognised; read as UTF-8 with replacements"]
        let plan = Self.planner(.crmContacts).plan([message], ledger: TrackedEmailLedger())
        #expect(try #require(plan.trackedEmails.first).warnings == message.readingProblems)
    }

    @Test func charactersThatCouldNotBeReadAreCountedInAWarning() throws {
        var message = Self.message("<fffd@x.org>", body: "Total:\u{FFFD} 12\u{FFFD} EUR")
        message.subject = "Invoice\u{FFFD} 42"
        let email = try #require(Self.planner(.crmContacts).plan([message], ledger: TrackedEmailLedger()).trackedEmails.first)
        #expect(email.body == "Total:\u{FFFD} 12\u{FFFD} EUR", "kept as read")
        #expect(email.warnings == ["3 characters of the subject or body could not be read (shown as U+FFFD)"])
    }

    @Test func theRecordsFieldsCarryEveryPropertyOfTheIssue() throws {
        var message = Self.message("<f@x.org>", inReplyTo: "<e@x.org>", conversation: "CONV", body: "Hi")
        message.attachments = [EmailAttachment(name: "quote.pdf", contentType: "application/pdf", size: 1_234)]
        message.receivedAt = Date(timeIntervalSince1970: 1_060)
        let fields = try #require(Self.planner(.crmContacts).plan([message], ledger: TrackedEmailLedger()).trackedEmails.first).fields
        #expect(Set(fields.values.keys) == [
            "from", "to", "cc", "subject", "sentAt", "receivedAt", "direction", "internetMessageId", "inReplyTo",
            "conversationId", "body", "bodyTruncated", "attachments", "mailboxes", "matchedContacts",
        ])
        #expect(fields["from"] == .map(["address": .text("client@fabrikam.com")]))
        #expect(fields["attachments"] == .list([.map(["name": .text("quote.pdf"), "contentType": .text("application/pdf"), "size": .integer(1_234)])]))
        #expect(fields["mailboxes"] == .list([.text("alice@contoso.com")]))
        #expect(fields["sentAt"] == .instant(Date(timeIntervalSince1970: 1_000)))
    }
}
