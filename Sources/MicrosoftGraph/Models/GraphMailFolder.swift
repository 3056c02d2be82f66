/// A mail folder (`mailFolder`).
public struct GraphMailFolder: GraphModel {
    public static var graphTypeName: String { "mailFolder" }

    public var id: String?
    public var displayName: String?
    public var parentFolderId: String?
    public var childFolderCount: Int32?
    public var totalItemCount: Int32?
    public var unreadItemCount: Int32?
    public var isHidden: Bool?

    public init() {}

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case id
        case displayName
        case parentFolderId
        case childFolderCount
        case totalItemCount
        case unreadItemCount
        case isHidden
    }
}
