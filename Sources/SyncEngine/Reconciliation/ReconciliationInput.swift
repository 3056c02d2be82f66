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

    /// - Note: `crm` must include the current state of any record named by the tag of an unlinked
    ///   item in `outlook` (the service loads those by id); otherwise such items are skipped with
    ///   `Decision.Reason.recordUnavailable` until it does.
    public init(
        mailbox: MailboxAddress, kind: EntityKind, links: [Link], crm: CRMChanges, outlook: MailboxChanges,
        recovery: IntentRecovery = .none, foundByTag: [OutlookItem] = []
    ) {
        self.mailbox = mailbox
        self.kind = kind
        self.links = links
        self.crm = crm
        self.outlook = outlook
        self.recovery = recovery
        self.foundByTag = foundByTag
    }
}
