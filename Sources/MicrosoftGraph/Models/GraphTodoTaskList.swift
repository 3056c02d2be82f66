/// A Microsoft To Do list (`todoTaskList`).
public struct GraphTodoTaskList: GraphModel {
    public static var graphTypeName: String { "todoTaskList" }

    public var id: String?
    public var etag: String?
    public var displayName: String?
    public var isOwner: Bool?
    public var isShared: Bool?
    public var wellknownListName: WellknownListName?

    public init() {}

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case id
        case etag = "@odata.etag"
        case displayName
        case isOwner
        case isShared
        case wellknownListName
    }
}
