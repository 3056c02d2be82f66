import SyncEngine

/// Intents to create items. They are resolved by a ``UnitOfWork`` together with the link.
public protocol IntentStore: Sendable {
    /// Persists an intent to create the record's item in the mailbox.
    ///
    /// At most one intent per record and mailbox is pending: when one already is, it is
    /// returned unchanged and the caller must recover it (search the tagged item) instead of
    /// creating another item.
    ///
    /// - Parameter id: new for every attempt (resolved intents keep their row and their id, and
    ///   a record may be created again after its item was deleted).
    @discardableResult
    func recordIntent(
        id: String, environment: String, mailbox: MailboxAddress, record: RecordKey, tag: String,
        fields: FieldSet
    ) async throws -> StoredIntent

    /// The mailbox's pending intents, oldest first.
    func pendingIntents(environment: String, mailbox: MailboxAddress) async throws -> [StoredIntent]

    func intent(environment: String, id: String) async throws -> StoredIntent?
}
