import SyncEngine

/// Where a change to a CRM record came from.
public enum ChangeOrigin: Sendable, Hashable, Codable {
    /// The ERP pushed it through the API.
    case erp
    /// A synchronization cycle of this mailbox applied an Outlook change. That mailbox's own
    /// cycle may skip it; the record's other mailboxes must apply it.
    case mailbox(MailboxAddress)
}
