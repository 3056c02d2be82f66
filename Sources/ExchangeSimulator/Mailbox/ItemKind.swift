/// The item types the simulator stores, with their EWS element, schema type and class.
public enum ItemKind: String, Sendable, Codable, CaseIterable {
    case calendarItem = "CalendarItem"
    case contact = "Contact"
    case task = "Task"
    case message = "Message"

    public var elementName: String { rawValue }

    /// The complex type in `types.xsd`.
    var schemaType: String {
        switch self {
        case .calendarItem: "CalendarItemType"
        case .contact: "ContactItemType"
        case .task: "TaskType"
        case .message: "MessageType"
        }
    }

    var defaultItemClass: String {
        switch self {
        case .calendarItem: "IPM.Appointment"
        case .contact: "IPM.Contact"
        case .task: "IPM.Task"
        case .message: "IPM.Note"
        }
    }

    /// The FieldURI prefix of the type's own properties (`calendar:Start`).
    var fieldURIPrefix: String {
        switch self {
        case .calendarItem: "calendar"
        case .contact: "contacts"
        case .task: "task"
        case .message: "message"
        }
    }

    /// Properties returned for `BaseShape` Default, besides the ItemId.
    var defaultShapeProperties: [String] {
        switch self {
        case .calendarItem:
            ["Subject", "HasAttachments", "Start", "End", "LegacyFreeBusyStatus", "Location", "CalendarItemType", "Organizer"]
        case .contact:
            ["Subject", "HasAttachments", "DisplayName", "GivenName", "Surname", "CompanyName", "EmailAddresses", "PhoneNumbers"]
        case .task:
            ["Subject", "HasAttachments", "DueDate", "PercentComplete", "Status"]
        case .message:
            ["Subject", "HasAttachments", "DateTimeReceived", "From", "ToRecipients", "IsRead"]
        }
    }

    init?(elementName: String) {
        self.init(rawValue: elementName)
    }
}
