import SyncEngine

/// The two change feeds of an environment.
///
/// Both are durable and ordered; a reader keeps the `next` position of the last page and
/// resumes `after` it, also after a restart.
public protocol ChangeFeedStore: Sendable {
    /// CRM changes (from the ERP and from Outlook) after `position`, for the sync service.
    func crmChanges(environment: String, after position: FeedPosition, limit: Int) async throws
        -> FeedPage<CRMChange>

    /// The CRM changes after `position` that concern `mailbox` (it owns the record, gained it or
    /// lost it; `CRMChange.concerns`), found through an index: a cycle's cost follows its
    /// mailbox, not the environment. When no more entries concern the mailbox, `next` is the
    /// feed's head, so that its position keeps up with the feed (and retention can prune).
    func crmChanges(environment: String, concerning mailbox: MailboxAddress, after position: FeedPosition, limit: Int)
        async throws -> FeedPage<CRMChange>

    /// Outlook changes after `position`, for the ERP.
    ///
    /// - Throws: ``SyncStoreError/feedPruned(environment:position:oldest:)`` when entries after
    ///   `position` were pruned: the reader missed changes and must re-read the records.
    func outlookChanges(environment: String, after position: FeedPosition, limit: Int) async throws
        -> FeedPage<OutlookChange>
}
