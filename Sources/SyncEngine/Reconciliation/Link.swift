/// The durable pairing of one CRM record with one item in one mailbox.
public struct Link: Codable, Sendable, Hashable {
    public var recordID: RecordID
    public var mailbox: MailboxAddress
    public var kind: EntityKind
    /// The item and the version we last wrote or accepted: a change arriving with this change key is our own echo.
    public var item: ItemReference
    /// The fields both sides agreed on at the last successful sync of this pair.
    public var base: FieldSet
    /// The tag written on the item (`nil` for an item created in Outlook whose tag write is still pending).
    public var tag: SyncTag?
    /// A detached link keeps the pair known but no longer synchronized (delete policy `unlink`),
    /// so the record is not pushed to the mailbox again and the item is not imported again.
    public var isDetached: Bool
    /// An Outlook update we sent after the last commit of this link (`nil`: none): the next
    /// reconciliation recognises its values in the item as ours.
    public var uncommittedWrite: UncommittedWrite?
    /// The item was created (or found) after the position of the change stream the caller holds,
    /// and no committed read has reported it yet. Exchange and Graph report net changes: an item
    /// created and removed between two reads never appears in the stream, so a read that does not
    /// report an item awaiting read-back means it is gone (unless its tag is found on another item).
    /// The engine sets it on every link whose item is new; the caller clears it once a read that
    /// saw the item is committed (`VanishedItems.readBack`).
    public var awaitsReadBack: Bool

    public init(
        recordID: RecordID, mailbox: MailboxAddress, kind: EntityKind, item: ItemReference, base: FieldSet,
        tag: SyncTag?, isDetached: Bool = false, uncommittedWrite: UncommittedWrite? = nil, awaitsReadBack: Bool = false
    ) {
        self.recordID = recordID
        self.mailbox = mailbox
        self.kind = kind
        self.item = item
        self.base = base
        self.tag = tag
        self.isDetached = isDetached
        self.uncommittedWrite = uncommittedWrite
        self.awaitsReadBack = awaitsReadBack
    }
}
