import SyncEngine

/// Mailboxes enrolled for synchronization, and their status.
public protocol MailboxStore: Sendable {
    /// Enrols the mailbox, or enables it again if it was disabled. Idempotent.
    @discardableResult
    func enrolMailbox(environment: String, address: MailboxAddress) async throws -> MailboxStatus

    /// Stops synchronizing the mailbox but keeps its links and cursors.
    func disableMailbox(environment: String, address: MailboxAddress) async throws

    /// Forgets the mailbox with its links, cursors and intents. The history (decisions,
    /// conflicts, runs) is kept.
    func removeMailbox(environment: String, address: MailboxAddress) async throws

    func mailbox(environment: String, address: MailboxAddress) async throws -> MailboxStatus?

    /// The environment's mailboxes in address order, optionally only those in `state`.
    func mailboxes(environment: String, state: MailboxState?) async throws -> [MailboxStatus]

    /// Records a failed attempt; a successful one is recorded by a unit of work's
    /// ``UnitOfWork/markMailboxSynced(_:)``.
    func recordSyncFailure(environment: String, address: MailboxAddress, message: String, diagnostic: String?)
        async throws
}
