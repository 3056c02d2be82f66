/// An Outlook calendar event (`event`): a single instance, a series master, an occurrence or an
/// exception. In `calendarView/delta` an occurrence is a skeleton (id, type, seriesMasterId, start,
/// end); its series data is read from the master.
public struct GraphEvent: GraphModel {
    public static var graphTypeName: String { "event" }

    public var id: String?
    public var etag: String?
    public var changeKey: String?
    public var createdDateTime: EdmDateTimeOffset?
    public var lastModifiedDateTime: EdmDateTimeOffset?
    public var categories: [String]?
    public var subject: String?
    public var body: ItemBody?
    public var bodyPreview: String?
    public var start: DateTimeTimeZone?
    public var end: DateTimeTimeZone?
    public var isAllDay: Bool?
    public var isCancelled: Bool?
    public var isReminderOn: Bool?
    public var reminderMinutesBeforeStart: Int32?
    public var location: Location?
    public var attendees: [Attendee]?
    public var organizer: Recipient?
    public var isOrganizer: Bool?
    public var responseStatus: ResponseStatus?
    public var recurrence: PatternedRecurrence?
    public var type: EventType?
    public var seriesMasterId: String?
    /// Ids of cancelled occurrences; returned on a series master only, and only when selected.
    public var cancelledOccurrences: [String]?
    /// The exceptions of a series master, when expanded (`$expand=exceptionOccurrences`).
    public var exceptionOccurrences: [GraphEvent]?
    public var originalStart: EdmDateTimeOffset?
    public var originalStartTimeZone: String?
    public var originalEndTimeZone: String?
    public var iCalUId: String?
    /// Set on create only, so that Graph creates the event once however often the POST is retried.
    public var transactionId: String?
    public var sensitivity: Sensitivity?
    public var showAs: FreeBusyStatus?
    public var importance: Importance?
    public var webLink: String?
    public var singleValueExtendedProperties: [GraphExtendedProperty]?

    public init() {}

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case id
        case etag = "@odata.etag"
        case changeKey
        case createdDateTime
        case lastModifiedDateTime
        case categories
        case subject
        case body
        case bodyPreview
        case start
        case end
        case isAllDay
        case isCancelled
        case isReminderOn
        case reminderMinutesBeforeStart
        case location
        case attendees
        case organizer
        case isOrganizer
        case responseStatus
        case recurrence
        case type
        case seriesMasterId
        case cancelledOccurrences
        case exceptionOccurrences
        case originalStart
        case originalStartTimeZone
        case originalEndTimeZone
        case iCalUId
        case transactionId
        case sensitivity
        case showAs
        case importance
        case webLink
        case singleValueExtendedProperties
    }
}
