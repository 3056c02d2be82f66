/// What the planner decided for a batch of observed messages.
public struct EmailTrackingPlan: Sendable, Hashable {
    public enum Step: Sendable, Hashable {
        /// A message not tracked before: create its `email` record (a `created` feed entry).
        case track(TrackedEmail)
        /// A tracked message seen in one more enrolled mailbox: the record's `mailboxes` become
        /// `mailboxes` (an `updated` feed entry of the same record).
        case addSighting(InternetMessageID, mailbox: MailboxAddress, mailboxes: [MailboxAddress])
    }

    /// Why a message was left out. None of these stops the mailbox.
    public enum SkipReason: String, Sendable, Hashable, Codable {
        case trackingOff
        /// Private, Personal or Confidential.
        case sensitivity
        /// It carries no `InternetMessageId` (a draft).
        case noInternetMessageID
        /// The mode's rule does not select it (no CRM contact, no category, no tracked thread).
        case notSelected
        /// Already tracked with this mailbox among its mailboxes.
        case alreadyRecorded
    }

    public struct Skip: Sendable, Hashable {
        public var mailbox: MailboxAddress
        public var internetMessageID: InternetMessageID?
        public var reason: SkipReason
    }

    public var steps: [Step]
    public var skipped: [Skip]
    /// The ledger with this plan's steps applied, for the next batch.
    public var ledger: TrackedEmailLedger

    /// The records this plan creates.
    public var trackedEmails: [TrackedEmail] {
        steps.compactMap { if case .track(let email) = $0 { email } else { nil } }
    }
}
