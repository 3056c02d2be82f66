/// One page of an OData collection: `{"value":[…],"@odata.nextLink":"…"}`, or, for delta, ending a
/// round with `@odata.deltaLink`.
public struct GraphCollectionPage<Item: Decodable & Sendable>: Decodable, Sendable {
    public var value: [Item]
    public var nextLink: String?
    public var deltaLink: String?

    enum CodingKeys: String, CodingKey {
        case value
        case nextLink = "@odata.nextLink"
        case deltaLink = "@odata.deltaLink"
    }
}
