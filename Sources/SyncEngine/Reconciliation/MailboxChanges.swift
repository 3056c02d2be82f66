/// What the mailbox reports for one folder: items created or updated and item ids deleted since the
/// cursor, or (when `isComplete`, a full resync after a rejected cursor) every item, in which case a
/// linked item that is absent counts as deleted.
public struct MailboxChanges: Codable, Sendable, Hashable {
    public var changed: [OutlookItem]
    public var deleted: Set<ItemID>
    public var isComplete: Bool

    public init(changed: [OutlookItem] = [], deleted: Set<ItemID> = [], isComplete: Bool = false) {
        self.changed = changed
        self.deleted = deleted
        self.isComplete = isComplete
    }

    /// Every item of the folder (a full resync).
    public static func complete(_ items: [OutlookItem]) -> MailboxChanges {
        MailboxChanges(changed: items, deleted: [], isComplete: true)
    }
}
