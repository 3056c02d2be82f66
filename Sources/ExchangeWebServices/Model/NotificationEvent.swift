import Foundation

/// One event of a notification: what happened to which item or folder, where, and when.
/// It says that something changed, not what: read the folder through its sync state to learn it.
public struct NotificationEvent: Hashable, Sendable {
    public var type: NotificationEventType
    public var timeStamp: Date?
    /// The item the event is about (nil when it is about a folder).
    public var itemID: ItemID?
    /// The folder the event is about (nil when it is about an item).
    public var folderID: String?
    /// The folder holding the item or folder (after a move, the new one).
    public var parentFolderID: String?
    /// A move's or copy's item id before the move.
    public var oldItemID: ItemID?
    /// A move's or copy's folder id before the move (when a folder moved).
    public var oldFolderID: String?
    /// A move's or copy's parent folder before the move.
    public var oldParentFolderID: String?

    public init(
        type: NotificationEventType, timeStamp: Date? = nil, itemID: ItemID? = nil, folderID: String? = nil, parentFolderID: String? = nil,
        oldItemID: ItemID? = nil, oldFolderID: String? = nil, oldParentFolderID: String? = nil
    ) {
        self.type = type
        self.timeStamp = timeStamp
        self.itemID = itemID
        self.folderID = folderID
        self.parentFolderID = parentFolderID
        self.oldItemID = oldItemID
        self.oldFolderID = oldFolderID
        self.oldParentFolderID = oldParentFolderID
    }
}

/// The events of one subscription in one message.
public struct StreamingNotification: Hashable, Sendable {
    public var subscriptionID: String
    public var events: [NotificationEvent]

    public init(subscriptionID: String, events: [NotificationEvent]) {
        self.subscriptionID = subscriptionID
        self.events = events
    }
}
