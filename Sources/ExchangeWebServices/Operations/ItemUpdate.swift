/// Changes to apply to one existing item with UpdateItem.
public struct ItemUpdate: Hashable, Sendable {
    /// The item with the ChangeKey it was last read or written at.
    public var itemID: ItemID
    /// The item in its new state: the listed fields are taken from it.
    public var item: Item
    /// The fields to send: each is set when `item` has a value for it, deleted when it has none.
    public var fields: [ItemField]

    public init(itemID: ItemID, item: Item, fields: [ItemField]) {
        self.itemID = itemID
        self.item = item
        self.fields = fields
    }

    /// The update that turns `old` into `new`, touching only the fields that differ.
    public init?(itemID: ItemID, from old: Item, to new: Item) {
        let fields: [ItemField]
        switch (old, new) {
        case (.calendarItem(let a), .calendarItem(let b)): fields = a.changedFields(to: b)
        case (.contact(let a), .contact(let b)): fields = a.changedFields(to: b)
        case (.task(let a), .task(let b)): fields = a.changedFields(to: b)
        case (.message(let a), .message(let b)): fields = a.changedFields(to: b)
        default: return nil
        }
        self.init(itemID: itemID, item: new, fields: fields)
    }
}

/// What UpdateItem does when the item changed since `itemID.changeKey`.
public enum ConflictResolution: String, Hashable, Sendable {
    case neverOverwrite = "NeverOverwrite"
    case autoResolve = "AutoResolve"
    case alwaysOverwrite = "AlwaysOverwrite"
}

/// Whether CreateItem/DeleteItem sends meeting invitations or cancellations.
public enum MeetingNotifications: String, Hashable, Sendable {
    case sendToNone = "SendToNone"
    case sendOnlyToAll = "SendOnlyToAll"
    case sendToAllAndSaveCopy = "SendToAllAndSaveCopy"
}

/// Whether UpdateItem sends meeting updates.
public enum MeetingUpdateNotifications: String, Hashable, Sendable {
    case sendToNone = "SendToNone"
    case sendOnlyToAll = "SendOnlyToAll"
    case sendOnlyToChanged = "SendOnlyToChanged"
    case sendToAllAndSaveCopy = "SendToAllAndSaveCopy"
    case sendToChangedAndSaveCopy = "SendToChangedAndSaveCopy"
}

/// How DeleteItem deletes.
public enum DeleteType: String, Hashable, Sendable {
    case hardDelete = "HardDelete"
    case softDelete = "SoftDelete"
    case moveToDeletedItems = "MoveToDeletedItems"
}

/// The kind of folder CreateFolder makes.
public enum FolderKind: String, Hashable, Sendable {
    case mail = "Folder"
    case calendar = "CalendarFolder"
    case contacts = "ContactsFolder"
    case tasks = "TasksFolder"
}
