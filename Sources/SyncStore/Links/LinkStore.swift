import SyncEngine

/// Reads links. Links are written only through a ``UnitOfWork``, together with the cursor
/// and decisions of the cycle that produced them.
public protocol LinkStore: Sendable {
    func link(environment: String, mailbox: MailboxAddress, record: RecordKey) async throws -> StoredLink?
    func link(environment: String, mailbox: MailboxAddress, itemID: String) async throws -> StoredLink?
    /// The link whose item carries this tag (crash recovery looks tagged items up this way).
    func link(environment: String, mailbox: MailboxAddress, tag: String) async throws -> StoredLink?

    /// The mailbox's links, ordered by entity then record id, optionally of one entity.
    func links(environment: String, mailbox: MailboxAddress, entity: EntityKind?) async throws -> [StoredLink]

    /// Every mailbox's link for one record (a record owned by several mailboxes has one each).
    func links(environment: String, record: RecordKey) async throws -> [StoredLink]
}
