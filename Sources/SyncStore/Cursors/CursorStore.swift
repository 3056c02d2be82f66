import SyncEngine

/// Reads cursors. Cursors advance only through a ``UnitOfWork``, in the same transaction
/// as what they covered.
public protocol CursorStore: Sendable {
    /// The opaque sync state (EWS SyncState, Graph deltaLink) of a mailbox folder, `nil` before the first sync.
    func syncState(environment: String, mailbox: MailboxAddress, folderID: String) async throws -> String?

    /// Every folder's sync state for the mailbox, by folder id.
    func syncStates(environment: String, mailbox: MailboxAddress) async throws -> [String: String]

    /// How far the consumer has applied the CRM change feed (``FeedPosition/start`` at first).
    func crmFeedPosition(environment: String, consumer: CRMFeedConsumer) async throws -> FeedPosition
}
