import Foundation

/// The intent to create an item for a record in a mailbox, persisted *before* the item is created.
///
/// Until the created item is confirmed (its link committed), the intent stays pending; after a crash
/// the caller searches the mailbox for the intent's tag and `IntentRecovery` decides whether to link
/// what was found or to retry the create (with the same tag). Committing the link of the intent's
/// record in its mailbox clears the intent; so does `SyncPlan.obsoleteIntents`.
public struct PendingIntent: Codable, Sendable, Hashable, Identifiable {
    /// A planned intent carries its record's key in the mailbox (`mailbox/kind/recordID`), so that
    /// replanning the same create yields the same intent. A persisted intent carries the store's id,
    /// which is unique per attempt: the same record may be created, deleted and created again any
    /// number of times. Recovery pairs an intent with its item by `tag`, never by id.
    public var id: String
    public var mailbox: MailboxAddress
    public var kind: EntityKind
    public var recordID: RecordID
    public var tag: SyncTag
    /// The fields the item is created with (the base of the link once confirmed).
    public var fields: FieldSet
    public var createdAt: Date

    public init(mailbox: MailboxAddress, kind: EntityKind, recordID: RecordID, fields: FieldSet, createdAt: Date) {
        self.id = "\(mailbox.rawValue)/\(kind.rawValue)/\(recordID.rawValue)"
        self.mailbox = mailbox
        self.kind = kind
        self.recordID = recordID
        self.tag = SyncTag(record: recordID)
        self.fields = fields
        self.createdAt = createdAt
    }
}
