/// One change to an item of a mailbox, as notifications (Graph change notifications, EWS
/// streaming events) report it. A move is a deletion from one folder and a creation in another.
public struct MailboxChange: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case created, updated, deleted
    }

    public var mailbox: String
    public var folderId: String
    /// The EWS ItemId at the time of the change.
    public var itemId: String
    /// The immutable id (what Graph clients asking for `IdType="ImmutableId"` see).
    public var immutableId: String
    /// The item's change key after the change (before it, for a deletion).
    public var changeKey: String
    public var kind: Kind
}
