/// The mailbox's identifier of an item (an EWS `ItemId@Id` or a Graph `id`), opaque to the engine.
public struct ItemID: OpaqueIdentifier, Comparable {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
}
