import Foundation
import SyncEngine

/// The `email` records of e-mail tracking (one way, Outlook to the CRM), keyed by environment and
/// `InternetMessageId`, with a feed ordered by change. Writes are idempotent: a page read twice
/// changes nothing the second time. Each write that changes a record also appends to the Outlook
/// change feed (`OutlookChange.kind == .email`), in the same transaction, so the ERP reads tracked
/// mail where it reads every other Outlook change and gets it by webhook too.
public protocol TrackedEmailStore: Sendable {
    /// Stores a `track` step: creates the record, or, when another mailbox's reading created it
    /// meanwhile, adds this sighting's mailbox.
    func recordTrackedEmail(_ email: TrackedEmail, environment: String, at now: Date) async throws -> EmailWriteOutcome

    /// Stores an `addSighting` step: adds `mailbox` to the record's mailboxes.
    func addEmailSighting(
        _ internetMessageID: InternetMessageID, mailbox: MailboxAddress, environment: String, at now: Date
    ) async throws -> EmailWriteOutcome

    func trackedEmail(_ internetMessageID: InternetMessageID, environment: String) async throws -> StoredEmail?

    /// The record the ERP knows as `record` (`email-<n>`).
    func trackedEmail(record: RecordID, environment: String) async throws -> StoredEmail?

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
    /// What the Outlook change feed says of this version: the whole record when it is created,
    /// its mailboxes when it is seen in one more.
    var feedOperation: OutlookChange.Operation { isCreation ? .created : .updated }

    var feedFields: FieldSet { isCreation ? fields : FieldSet(["mailboxes": fields["mailboxes"] ?? .list([])]) }

    var feedVersion: RecordVersion { RecordVersion(Int64(version)) }

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
