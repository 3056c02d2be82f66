/// One version of one item: its id and its change key, as every EWS/Graph write returns them.
public struct ItemReference: Codable, Sendable, Hashable, CustomStringConvertible {
    public var id: ItemID
    public var changeKey: ChangeKey

    public init(id: ItemID, changeKey: ChangeKey) {
        self.id = id
        self.changeKey = changeKey
    }

    public var description: String { "\(id)@\(changeKey)" }
}
