/// A link from a To Do task to an item of another application (`linkedResource`), e.g. the CRM
/// record a task was made for.
public struct GraphLinkedResource: GraphModel {
    public static var graphTypeName: String { "linkedResource" }

    public var id: String?
    public var applicationName: String?
    public var displayName: String?
    public var externalId: String?
    public var webUrl: String?

    public init() {}

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case id
        case applicationName
        case displayName
        case externalId
        case webUrl
    }
}
