/// The body of an item.
public struct ItemBody: GraphModel {
    public static var graphTypeName: String { "itemBody" }

    public var contentType: BodyType?
    public var content: String?

    public init() {}

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case contentType
        case content
    }
}
