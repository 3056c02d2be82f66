/// Everything the engine needs to reconcile one mailbox for one kind.
public struct ReconciliationInput: Codable, Sendable, Hashable {
    public var mailbox: MailboxAddress
    public var kind: EntityKind
    /// Every link of this mailbox and kind (the engine looks up records and items in them).
    public var links: [Link]
    public var crm: CRMChanges
    public var outlook: MailboxChanges
    public var recovery: IntentRecovery
    /// The items the caller found by searching the tags `VanishedItems.tagsToSearch` names (links
    /// whose item vanished from the read): a linked item is treated as deleted only when no other
    /// item carries its tag.
    public var foundByTag: [OutlookItem]
    /// `outlook` is one page of a complete read (a first sync or a full resync that the caller
    /// reads, plans and commits page by page, so that memory follows a page, not the folder).
    /// Untagged items are paired by content with the unlinked records in `crm`, as after a complete
    /// read; a record of `crm` that no link, tag or content pairs is left undecided: the read's last
    /// step, which knows every page, creates its item. Neither side is complete (`isComplete`):
    /// the caller passes the links of the page's items, and what a complete read would have told
    /// about the others (absent items, absent records) in that last step.
    public var isPageOfCompleteRead: Bool

    /// - Note: `crm` must include the current state of any record named by the tag of an unlinked
    ///   item in `outlook` (the service loads those by id); otherwise such items are skipped with
    ///   `Decision.Reason.recordUnavailable` until it does.
    public init(
        mailbox: MailboxAddress, kind: EntityKind, links: [Link], crm: CRMChanges, outlook: MailboxChanges,
        recovery: IntentRecovery = .none, foundByTag: [OutlookItem] = [], isPageOfCompleteRead: Bool = false
    ) {
        self.mailbox = mailbox
        self.kind = kind
        self.links = links
        self.crm = crm
        self.outlook = outlook
        self.recovery = recovery
        self.foundByTag = foundByTag
        self.isPageOfCompleteRead = isPageOfCompleteRead
    }
}
