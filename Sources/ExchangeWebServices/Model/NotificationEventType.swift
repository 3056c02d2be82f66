/// The kinds of mailbox event a notification subscription can ask for (`NotificationEventTypeType`),
/// plus `status`, which the server sends on its own and no one subscribes to.
public enum NotificationEventType: String, Hashable, Sendable, CaseIterable {
    case created = "CreatedEvent"
    case modified = "ModifiedEvent"
    case deleted = "DeletedEvent"
    case moved = "MovedEvent"
    case copied = "CopiedEvent"
    case newMail = "NewMailEvent"
    case freeBusyChanged = "FreeBusyChangedEvent"
    /// Never subscribed to: a server's status ping.
    case status = "StatusEvent"

    /// Every type a subscription may name.
    public static let subscribable: [NotificationEventType] = [.created, .modified, .deleted, .moved, .copied, .newMail, .freeBusyChanged]
}
