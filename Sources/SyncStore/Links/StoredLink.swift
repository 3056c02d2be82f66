import SyncEngine

/// The durable pairing of one CRM record with one item in one mailbox, as the store keeps it
/// (the engine's `Link` plus the environment, the folder and the change key of our last write).
///
/// A mailbox holds at most one link per record and one per item; the store enforces both.
public struct StoredLink: Sendable, Hashable, Codable {
    public var environment: String
    public var mailbox: MailboxAddress
    public var record: RecordKey
    /// The item's id (EWS ItemId or Graph id).
    public var itemID: String
    /// The item's ChangeKey (EWS) or ETag (Graph) as last seen.
    public var changeKey: String
    /// The field values both sides agreed on at the link's last successful sync.
    public var base: FieldSet
    /// The value of the `PrextraRecordId` tag written on the item.
    public var tag: String
    /// The ChangeKey our own last write produced: an incoming change with this key is our echo.
    public var lastWrittenChangeKey: String?
    /// The folder holding the item, when known.
    public var folderID: String?
    /// The pair is known but no longer synchronized (delete policy `unlink`): the record is not
    /// pushed to the mailbox again and the item is not imported again.
    public var isDetached: Bool
    /// An Outlook update sent after the link's last commit, by a cycle that has not committed
    /// (yet): the next cycle recognises its values in the item as ours. Every commit of the link
    /// clears it.
    public var uncommittedWrite: UncommittedWrite?
    /// The item was created or found after the folder cursor the store holds, and no committed
    /// read has reported it yet (see the engine's `Link.awaitsReadBack`). Cleared only together
    /// with a cursor that covers the item (`UnitOfWork.confirmReadBack`).
    public var awaitsReadBack: Bool

    public init(
        environment: String, mailbox: MailboxAddress, record: RecordKey, itemID: String, changeKey: String,
        base: FieldSet, tag: String, lastWrittenChangeKey: String? = nil, folderID: String? = nil,
        isDetached: Bool = false, uncommittedWrite: UncommittedWrite? = nil, awaitsReadBack: Bool = false
    ) {
        self.environment = environment
        self.mailbox = mailbox
        self.record = record
        self.itemID = itemID
        self.changeKey = changeKey
        self.base = base
        self.tag = tag
        self.lastWrittenChangeKey = lastWrittenChangeKey
        self.folderID = folderID
        self.isDetached = isDetached
        self.uncommittedWrite = uncommittedWrite
        self.awaitsReadBack = awaitsReadBack
    }
}
