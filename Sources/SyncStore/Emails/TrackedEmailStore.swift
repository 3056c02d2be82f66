import Foundation
import SyncEngine

/// The `email` records of e-mail tracking (one way, Outlook to the CRM), keyed by environment and
/// `InternetMessageId`, with a feed ordered by change. Writes are idempotent: a page read twice
/// changes nothing the second time.
public protocol TrackedEmailStore: Sendable {
    /// Stores a `track` step: creates the record, or, when another mailbox's reading created it
    /// meanwhile, adds this sighting's mailbox.
    func recordTrackedEmail(_ email: TrackedEmail, environment: String, at now: Date) async throws -> EmailWriteOutcome

    /// Stores an `addSighting` step: adds `mailbox` to the record's mailboxes.
    func addEmailSighting(
        _ internetMessageID: InternetMessageID, mailbox: MailboxAddress, environment: String, at now: Date
    ) async throws -> EmailWriteOutcome

    func trackedEmail(_ internetMessageID: InternetMessageID, environment: String) async throws -> StoredEmail?

    /// The records changed after `position`, oldest change first, at most `limit`.
    func trackedEmails(environment: String, after position: Int64, limit: Int) async throws -> [StoredEmail]

    /// What the planner needs of the environment's tracked mail.
    func trackedEmailLedger(environment: String) async throws -> TrackedEmailLedger
}

extension TrackedEmail {
    /// The fields stored for the record once it is seen in `mailboxes`.
    func fields(seenIn mailboxes: [MailboxAddress]) -> FieldSet {
        var fields = self.fields
        fields["mailboxes"] = .list(mailboxes.sorted().map { .text($0.rawValue) })
        return fields
    }
}

extension StoredEmail {
    /// The same record seen in one more mailbox.
    func seen(in mailbox: MailboxAddress, position: Int64, at now: Date) -> StoredEmail {
        var updated = self
        updated.mailboxes = Array(Set(mailboxes + [mailbox])).sorted()
        updated.fields["mailboxes"] = .list(updated.mailboxes.map { .text($0.rawValue) })
        updated.version += 1
        updated.position = position
        updated.updatedAt = now
        return updated
    }
}
