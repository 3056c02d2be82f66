/// A Microsoft To Do task (`todoTask`). To Do has no MAPI extended properties; a task is tagged
/// through a `linkedResource` instead.
public struct GraphTodoTask: GraphModel {
    public static var graphTypeName: String { "todoTask" }

    public var id: String?
    public var etag: String?
    public var createdDateTime: EdmDateTimeOffset?
    public var lastModifiedDateTime: EdmDateTimeOffset?
    public var bodyLastModifiedDateTime: EdmDateTimeOffset?
    public var title: String?
    public var body: ItemBody?
    public var status: TaskStatus?
    public var importance: Importance?
    public var categories: [String]?
    public var isReminderOn: Bool?
    public var reminderDateTime: DateTimeTimeZone?
    public var startDateTime: DateTimeTimeZone?
    public var dueDateTime: DateTimeTimeZone?
    public var completedDateTime: DateTimeTimeZone?
    public var recurrence: PatternedRecurrence?
    public var hasAttachments: Bool?
    public var linkedResources: [GraphLinkedResource]?

    public init() {}

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case id
        case etag = "@odata.etag"
        case createdDateTime
        case lastModifiedDateTime
        case bodyLastModifiedDateTime
        case title
        case body
        case status
        case importance
        case categories
        case isReminderOn
        case reminderDateTime
        case startDateTime
        case dueDateTime
        case completedDateTime
        case recurrence
        case hasAttachments
        case linkedResources
    }
}
