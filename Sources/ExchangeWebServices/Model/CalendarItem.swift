import Foundation

/// An appointment or meeting (`t:CalendarItem`).
///
/// Time zones are IANA ids here (`Europe/Paris`); the client converts them to and from the
/// Windows ids Exchange uses (`Romance Standard Time`).
public struct CalendarItem: Hashable, Sendable, ItemPropertiesContainer {
    public var properties: ItemProperties
    public var start: Date?
    public var end: Date?
    public var isAllDayEvent: Bool?
    public var location: String?
    /// `Free`, `Tentative`, `Busy`, `OOF`, `WorkingElsewhere`, `NoData`.
    public var legacyFreeBusyStatus: String?
    public var requiredAttendees: [Attendee] = []
    public var optionalAttendees: [Attendee] = []
    public var recurrence: Recurrence?
    /// IANA id of the zone the start is expressed in.
    public var startTimeZone: String?
    /// IANA id of the zone the end is expressed in.
    public var endTimeZone: String?

    // Read-only, filled when read from a mailbox.
    public var calendarItemType: CalendarItemType?
    public var uid: String?
    public var isMeeting: Bool?
    public var isCancelled: Bool?
    public var organizer: EmailAddress?
    public var originalStart: Date?
    public var modifiedOccurrences: [Occurrence] = []
    /// Original start times of the deleted occurrences.
    public var deletedOccurrences: [Date] = []
    /// The Windows zone ids as received, kept when the CLDR mapping does not know them.
    public var startTimeZoneWindowsID: String?
    public var endTimeZoneWindowsID: String?

    public init(properties: ItemProperties = ItemProperties(), start: Date? = nil, end: Date? = nil) {
        self.properties = properties
        self.start = start
        self.end = end
    }

    public enum CalendarItemType: String, Hashable, Sendable {
        case single = "Single"
        case occurrence = "Occurrence"
        case exception = "Exception"
        case recurringMaster = "RecurringMaster"
    }

    /// An occurrence of a series moved or edited on its own.
    public struct Occurrence: Hashable, Sendable {
        public var itemID: ItemID?
        public var start: Date?
        public var end: Date?
        public var originalStart: Date?

        public init(itemID: ItemID? = nil, start: Date? = nil, end: Date? = nil, originalStart: Date? = nil) {
            self.itemID = itemID
            self.start = start
            self.end = end
            self.originalStart = originalStart
        }
    }
}

public struct Attendee: Hashable, Sendable {
    public var mailbox: EmailAddress
    /// `Unknown`, `Organizer`, `Tentative`, `Accept`, `Decline`, `NoResponseReceived`.
    public var responseType: String?

    public init(mailbox: EmailAddress, responseType: String? = nil) {
        self.mailbox = mailbox
        self.responseType = responseType
    }
}
