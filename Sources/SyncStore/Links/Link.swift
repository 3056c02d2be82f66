import SyncEngine

/// The durable pairing of one CRM record with one item in one mailbox.
///
/// A mailbox holds at most one link per record and one per item; the store enforces both.
public struct Link: Sendable, Hashable, Codable {
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

    public init(
        environment: String, mailbox: MailboxAddress, record: RecordKey, itemID: String, changeKey: String,
        base: FieldSet, tag: String, lastWrittenChangeKey: String? = nil, folderID: String? = nil
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
    }
}
