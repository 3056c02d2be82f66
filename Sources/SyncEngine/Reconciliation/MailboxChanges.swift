/// What the mailbox reports for one folder: items created or updated and item ids deleted since the
/// cursor, or (when `isComplete`, a full resync after a rejected cursor) every item, in which case a
/// linked item that is absent counts as deleted. An item the connector saw but could not read is
/// neither: unreadable is not deleted.
public struct MailboxChanges: Codable, Sendable, Hashable {
    public var changed: [OutlookItem]
    public var deleted: Set<ItemID>
    public var isComplete: Bool
    /// Items the folder holds that the connector could not read (a shape no mapping accepts).
    /// They are left alone: never counted as deleted, even in a complete listing.
    public var unreadable: Set<ItemID>

    public init(
        changed: [OutlookItem] = [], deleted: Set<ItemID> = [], isComplete: Bool = false, unreadable: Set<ItemID> = []
    ) {
        self.changed = changed
        self.deleted = deleted
        self.isComplete = isComplete
        self.unreadable = unreadable
    }

    /// Every item of the folder (a full resync).
    public static func complete(_ items: [OutlookItem]) -> MailboxChanges {
        MailboxChanges(changed: items, deleted: [], isComplete: true)
    }
}
