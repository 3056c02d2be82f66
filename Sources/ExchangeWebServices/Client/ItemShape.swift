/// Which properties a response returns for each item (`m:ItemShape`).
public struct ItemShape: Hashable, Sendable {
    public enum BaseShape: String, Hashable, Sendable {
        case idOnly = "IdOnly"
        case `default` = "Default"
        case allProperties = "AllProperties"
    }

    public var baseShape: BaseShape
    public var bodyType: ItemBody.BodyType?
    public var additionalProperties: [ItemField]

    public init(baseShape: BaseShape, bodyType: ItemBody.BodyType? = nil, additionalProperties: [ItemField] = []) {
        self.baseShape = baseShape
        self.bodyType = bodyType
        self.additionalProperties = additionalProperties
    }

    public static let idOnly = ItemShape(baseShape: .idOnly)

    /// IdOnly plus every property this client models for an item kind, and the given
    /// extended properties (which no base shape returns).
    public static func modelled(_ kind: ItemKind, extendedProperties: [ExtendedPropertyPath] = []) -> ItemShape {
        var fields: [ItemField] = [
            .subject, .body, .categories, .importance, .sensitivity, .reminderIsSet, .reminderMinutesBeforeStart,
            .reminderDueBy,
        ]
        fields += [
            .property("item:ItemClass"), .property("item:ParentFolderId"), .property("item:DateTimeCreated"),
            .property("item:LastModifiedTime"),
        ]
        switch kind {
        case .calendarItem:
            fields += [
                .start, .end, .isAllDayEvent, .legacyFreeBusyStatus, .location, .requiredAttendees, .optionalAttendees,
                .recurrence, .startTimeZone, .endTimeZone, .property("calendar:CalendarItemType"), .property("calendar:UID"),
                .property("calendar:IsMeeting"), .property("calendar:IsCancelled"), .property("calendar:Organizer"),
                .property("calendar:ModifiedOccurrences"), .property("calendar:DeletedOccurrences"),
            ]
        case .contact:
            fields += [
                .fileAs, .displayName, .givenName, .middleName, .nickname, .companyName, .department, .jobTitle, .surname,
                .property("contacts:EmailAddresses"), .property("contacts:PhoneNumbers"), .property("contacts:PhysicalAddresses"),
            ]
        case .task:
            fields += [.dueDate, .percentComplete, .startDate, .status, .property("task:CompleteDate")]
        case .message:
            fields += [
                .from, .toRecipients, .ccRecipients, .isRead, .property("message:InternetMessageId"),
                .property("item:DateTimeSent"), .property("item:DateTimeReceived"),
            ]
        }
        return ItemShape(
            baseShape: .idOnly, bodyType: .text, additionalProperties: fields + extendedProperties.map { .extendedProperty($0) })
    }

    /// The kinds of item a folder holds.
    public enum ItemKind: Hashable, Sendable {
        case calendarItem, contact, task, message
    }
}
