import Foundation

/// Decides which observed messages become `email` records: pure, one way (Outlook to the CRM).
///
/// Messages are considered in the order they were sent (a reply after the message it answers,
/// even within one batch), then:
/// 1. with tracking `off`, nothing is tracked;
/// 2. Private, Personal and Confidential messages are never tracked;
/// 3. a message without an `InternetMessageId` is never tracked;
/// 4. a message already tracked only gains a mailbox (`addSighting`), once per mailbox;
/// 5. otherwise the mode's rule selects it (see `EmailTrackingMode`), and the record is built
///    with its body and lists cut to the configured sizes.
public struct EmailTrackingPlanner: Sendable {
    public var rules: EmailTrackingRules
    public var contacts: EmailContactDirectory
    /// The environment's enrolled mailboxes: a message whose sender is one of them is `outbound`.
    public var enrolledMailboxes: Set<MailboxAddress>

    public init(rules: EmailTrackingRules, contacts: EmailContactDirectory, enrolledMailboxes: Set<MailboxAddress>) {
        self.rules = rules
        self.contacts = contacts
        self.enrolledMailboxes = enrolledMailboxes
    }

    public func plan(_ observed: [ObservedEmail], ledger: TrackedEmailLedger) -> EmailTrackingPlan {
        var ledger = ledger
        var steps: [EmailTrackingPlan.Step] = []
        var skipped: [EmailTrackingPlan.Skip] = []
        for message in Self.inSendingOrder(observed) {
            func skip(_ reason: EmailTrackingPlan.SkipReason) {
                skipped.append(.init(mailbox: message.mailbox, internetMessageID: message.internetMessageID, reason: reason))
            }
            guard rules.mode != .off else { skip(.trackingOff); continue }
            guard message.sensitivity.allowsTracking else { skip(.sensitivity); continue }
            guard let identifier = message.internetMessageID else { skip(.noInternetMessageID); continue }
            if let entry = ledger.entry(for: identifier) {
                guard !entry.mailboxes.contains(message.mailbox) else { skip(.alreadyRecorded); continue }
                ledger.record(identifier, mailbox: message.mailbox, conversationID: message.conversationID)
                let mailboxes = ledger.entry(for: identifier).map { $0.mailboxes.sorted() } ?? [message.mailbox]
                steps.append(.addSighting(identifier, mailbox: message.mailbox, mailboxes: mailboxes))
                continue
            }
            let matched = contacts.contacts(matching: message.participants)
            guard let reason = selection(of: message, matched: matched, ledger: ledger) else { skip(.notSelected); continue }
            ledger.record(identifier, mailbox: message.mailbox, conversationID: message.conversationID)
            steps.append(.track(record(of: message, identifier: identifier, matched: matched, reason: reason)))
        }
        return EmailTrackingPlan(steps: steps, skipped: skipped, ledger: ledger)
    }

    private func selection(of message: ObservedEmail, matched: [RecordID], ledger: TrackedEmailLedger) -> EmailTrackingReason? {
        let wanted = rules.category.lowercased()
        let tagged = message.categories.contains { $0.trimmingCharacters(in: .whitespaces).lowercased() == wanted }
        switch rules.mode {
        case .off: return nil
        case .crmContacts: return !matched.isEmpty ? .matchedContact : (tagged ? .category : nil)
        case .category: return tagged ? .category : nil
        case .repliesToTracked: return tagged ? .category : (ledger.isInTrackedThread(message) ? .replyInTrackedThread : nil)
        }
    }

    private func record(
        of message: ObservedEmail, identifier: InternetMessageID, matched: [RecordID], reason: EmailTrackingReason
    ) -> TrackedEmail {
        var warnings = message.readingProblems
        // U+FFFD is what is left of characters the sender's charset could not give (Exchange
        // converts every message to Unicode) or that XML could not carry (`&#x1A;` read by EWS).
        let unreadable = [message.subject, message.body].compactMap { $0 }.reduce(0) { count, text in
            count + text.unicodeScalars.filter { $0 == "\u{FFFD}" }.count
        }
        if unreadable > 0 {
            warnings.append("\(unreadable) character\(unreadable == 1 ? "" : "s") of the subject or body could not be read (shown as U+FFFD)")
        }
        var body = message.body
        var bodyTruncated = false
        if let text = body {
            let cut = EmailTextLimit.prefix(text, maxUTF8Bytes: rules.maxBodyBytes)
            body = cut.text
            bodyTruncated = cut.truncated
            if cut.truncated { warnings.append("body cut from \(text.utf8.count) to \(cut.text.utf8.count) bytes") }
        }
        var subject = message.subject
        if let text = subject {
            let cut = EmailTextLimit.prefix(text, maxCharacters: rules.maxSubjectCharacters)
            subject = cut.text
            if cut.truncated { warnings.append("subject cut from \(text.count) to \(cut.text.count) characters") }
        }
        func kept(_ list: [EmailParticipant], _ header: String) -> [EmailParticipant] {
            guard list.count > rules.maxRecipientsKept else { return list }
            warnings.append("\(header) cut from \(list.count) to \(rules.maxRecipientsKept) recipients (all were matched)")
            return Array(list.prefix(rules.maxRecipientsKept))
        }
        let to = kept(message.to, "To")
        let cc = kept(message.cc, "Cc")
        let malformed = message.participants.filter { $0.matchableAddress == nil }
        if !malformed.isEmpty {
            warnings.append("\(malformed.count) malformed address\(malformed.count == 1 ? "" : "es") kept as written, not matched")
        }
        let sender = message.from.flatMap(\.matchableAddress).map { MailboxAddress($0) }
        let direction: EmailDirection = sender.map(enrolledMailboxes.contains) == true ? .outbound : .inbound
        return TrackedEmail(
            internetMessageID: identifier, inReplyTo: message.inReplyTo, conversationID: message.conversationID,
            from: message.from, to: to, cc: cc, subject: subject, sentAt: message.sentAt, receivedAt: message.receivedAt,
            direction: direction, body: body, bodyTruncated: bodyTruncated, attachments: message.attachments,
            mailboxes: [message.mailbox], matchedContacts: matched, reason: reason, warnings: warnings)
    }

    /// Oldest sent first; at the same second (dates are whole seconds), the message deeper in its
    /// thread (more references) after the one it answers; then reading order. Undated messages last.
    static func inSendingOrder(_ observed: [ObservedEmail]) -> [ObservedEmail] {
        func depth(_ message: ObservedEmail) -> Int { max(message.references.count, message.inReplyTo == nil ? 0 : 1) }
        return observed.enumerated().sorted { lhs, rhs in
            switch (lhs.element.sentAt, rhs.element.sentAt) {
            case let (left?, right?) where left != right: return left < right
            case (nil, _?): return false
            case (_?, nil): return true
            default:
                let (left, right) = (depth(lhs.element), depth(rhs.element))
                return left != right ? left < right : lhs.offset < rhs.offset
            }
        }.map(\.element)
    }
}
