/// One page of changes of a folder since a sync state.
public struct SyncFolderItemsPage: Sendable {
    /// Pass it to the next call; store it only once every change of the page is applied.
    public var syncState: String
    /// False while more changes wait: call again with `syncState`.
    public var includesLastItemInRange: Bool
    public var changes: [SyncChange]
}

/// One change a SyncFolderItems page reports.
public enum SyncChange: Hashable, Sendable {
    case create(Item)
    case update(Item)
    /// Deleted, or moved out of the folder: only the id is known.
    case delete(ItemID)
    case readFlagChange(ItemID, isRead: Bool)

    public var itemID: ItemID? {
        switch self {
        case .create(let item), .update(let item): item.id
        case .delete(let id), .readFlagChange(let id, _): id
        }
    }
}
