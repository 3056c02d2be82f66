/// A contact folder (`contactFolder`).
public struct GraphContactFolder: GraphModel {
    public static var graphTypeName: String { "contactFolder" }

    public var id: String?
    public var displayName: String?
    public var parentFolderId: String?

    public init() {}

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case id
        case displayName
        case parentFolderId
    }
}
