/// One page of an OData collection: `{"value":[…],"@odata.nextLink":"…"}`, or, for delta, ending a
/// round with `@odata.deltaLink`.
struct GraphCollectionPage<Item: Decodable & Sendable>: Decodable, Sendable {
    var value: [Item]
    var nextLink: String?
    var deltaLink: String?

    enum CodingKeys: String, CodingKey {
        case value
        case nextLink = "@odata.nextLink"
        case deltaLink = "@odata.deltaLink"
    }
}
