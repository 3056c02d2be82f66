import Foundation

/// An appointment (a single one, or the master of a recurring series) as both sides hold it.
public struct AppointmentFields: EntityFields, Codable {
    public static let kind = EntityKind.appointment

    /// EWS `LegacyFreeBusyType`.
    public enum ShowAs: String, Codable, Sendable, CaseIterable, Hashable {
        case free = "Free"
        case tentative = "Tentative"
        case busy = "Busy"
        case outOfOffice = "OOF"
        case workingElsewhere = "WorkingElsewhere"
        case noData = "NoData"
    }

    public var subject: String?
    public var body: String?
    public var location: String?
    public var timing: AppointmentTiming
    public var categories: [String]
    /// Synchronized as data; invitations are sent only when `SyncPolicy.sendMeetingInvitations` says so.
    public var attendees: [Attendee]
    public var showAs: ShowAs
    /// Minutes before the start; `nil` for no reminder.
    public var reminderMinutesBeforeStart: Int?
    public var recurrence: Recurrence?
    /// Changed occurrences of the series, in order of original start.
    public var modifiedOccurrences: [OccurrenceChange]
    /// Original starts of the occurrences removed from the series, in order.
    public var deletedOccurrences: [Date]

    public init(
        subject: String? = nil, body: String? = nil, location: String? = nil, timing: AppointmentTiming,
        categories: [String] = [], attendees: [Attendee] = [], showAs: ShowAs = .busy,
        reminderMinutesBeforeStart: Int? = nil, recurrence: Recurrence? = nil,
        modifiedOccurrences: [OccurrenceChange] = [], deletedOccurrences: [Date] = []
    ) {
        self.subject = TextNormalization.trimmed(subject)
        self.body = TextNormalization.trimmed(body)
        self.location = TextNormalization.trimmed(location)
        self.timing = timing.normalized
        self.categories = TextNormalization.categories(categories)
        self.attendees = Attendee.normalized(attendees)
        self.showAs = showAs
        self.reminderMinutesBeforeStart = reminderMinutesBeforeStart.map { max($0, 0) }
        self.recurrence = recurrence
        // Occurrence exceptions mean nothing without a series.
        var seen = Set<Date>()
        self.modifiedOccurrences =
            recurrence == nil
            ? [] : modifiedOccurrences.filter { seen.insert($0.originalStart).inserted }.sorted { $0.originalStart < $1.originalStart }
        self.deletedOccurrences =
            recurrence == nil ? [] : Array(Set(deletedOccurrences.map(TextNormalization.instant))).sorted()
    }

    public init(fields: FieldSet) throws(FieldSetDecodingError) {
        let reader = FieldReader(kind: Self.kind, fields: fields)
        let timing: AppointmentTiming
        if try reader.boolean(FieldName.isAllDay) == true {
            guard let startDay = try reader.day(FieldName.start) else { throw reader.failure(FieldName.start, "a day") }
            guard let endDay = try reader.day(FieldName.end) else { throw reader.failure(FieldName.end, "a day") }
            guard let zone = try reader.timeZone(FieldName.startTimeZone) else {
                throw reader.failure(FieldName.startTimeZone, "an IANA time zone id")
            }
            timing = .allDay(startDay: startDay, endDay: endDay, timeZone: zone)
        } else {
            guard let start = try reader.instant(FieldName.start) else { throw reader.failure(FieldName.start, "an instant") }
            guard let end = try reader.instant(FieldName.end) else { throw reader.failure(FieldName.end, "an instant") }
            guard let startZone = try reader.timeZone(FieldName.startTimeZone) else {
                throw reader.failure(FieldName.startTimeZone, "an IANA time zone id")
            }
            let endZone = try reader.timeZone(FieldName.endTimeZone) ?? startZone
            timing = .timed(start: start, startTimeZone: startZone, end: end, endTimeZone: endZone)
        }
        var attendees: [Attendee] = []
        for attendee in try reader.maps(FieldName.attendees) { attendees.append(try Attendee(reading: attendee)) }
        var modified: [OccurrenceChange] = []
        for change in try reader.maps(FieldName.modifiedOccurrences) { modified.append(try OccurrenceChange(reading: change)) }
        var deleted: [Date] = []
        for value in try reader.list(FieldName.deletedOccurrences) {
            guard case .instant(let date) = value else { throw reader.failure(FieldName.deletedOccurrences, "a list of instants") }
            deleted.append(date)
        }
        self.init(
            subject: try reader.text(FieldName.subject), body: try reader.text(FieldName.body),
            location: try reader.text(FieldName.location), timing: timing,
            categories: try reader.texts(FieldName.categories), attendees: attendees,
            showAs: try reader.enumeration(FieldName.showAs, ShowAs.self) ?? .busy,
            reminderMinutesBeforeStart: try reader.integer(FieldName.reminderMinutesBeforeStart),
            recurrence: try reader.map(FieldName.recurrence).map { reader throws(FieldSetDecodingError) in
                try Recurrence(reading: reader)
            },
            modifiedOccurrences: modified, deletedOccurrences: deleted)
    }

    public var fields: FieldSet { normalized.unnormalizedFields }

    /// The same appointment through the normalising initializer (properties may have been set directly).
    private var normalized: AppointmentFields {
        AppointmentFields(
            subject: subject, body: body, location: location, timing: timing, categories: categories, attendees: attendees,
            showAs: showAs, reminderMinutesBeforeStart: reminderMinutesBeforeStart, recurrence: recurrence,
            modifiedOccurrences: modifiedOccurrences, deletedOccurrences: deletedOccurrences)
    }

    private var unnormalizedFields: FieldSet {
        var writer = FieldWriter()
        writer.set(FieldName.subject, text: subject)
        writer.set(FieldName.body, text: body)
        writer.set(FieldName.location, text: location)
        switch timing {
        case .timed(let start, let startZone, let end, let endZone):
            writer.set(FieldName.isAllDay, .boolean(false))
            writer.set(FieldName.start, instant: start)
            writer.set(FieldName.end, instant: end)
            writer.set(FieldName.startTimeZone, text: startZone)
            writer.set(FieldName.endTimeZone, text: endZone)
        case .allDay(let startDay, let endDay, let zone):
            writer.set(FieldName.isAllDay, .boolean(true))
            writer.set(FieldName.start, day: startDay)
            writer.set(FieldName.end, day: endDay)
            writer.set(FieldName.startTimeZone, text: zone)
            writer.set(FieldName.endTimeZone, text: zone)
        }
        writer.set(FieldName.categories, .list(categories.map(FieldValue.text)))
        writer.set(FieldName.attendees, .list(attendees.compactMap(\.fieldValue)))
        writer.set(FieldName.showAs, text: showAs.rawValue)
        writer.set(FieldName.reminderMinutesBeforeStart, integer: reminderMinutesBeforeStart)
        writer.set(FieldName.recurrence, recurrence?.fieldValue)
        writer.set(FieldName.modifiedOccurrences, .list(modifiedOccurrences.compactMap(\.fieldValue)))
        writer.set(FieldName.deletedOccurrences, .list(deletedOccurrences.map(FieldValue.instant)))
        return writer.fieldSet
    }

    /// The original starts of the series' occurrences (at most `limit`), expanded in the start zone.
    /// `nil` for a single appointment.
    public func occurrenceStarts(limit: Int = 1000) -> [Date]? {
        guard let recurrence else { return nil }
        switch timing {
        case .timed(let start, let zone, _, _):
            guard let timeZone = TimeZone(identifier: zone) else { return nil }
            return recurrence.occurrenceStarts(firstStart: start, timeZone: timeZone, limit: limit)
        case .allDay(let startDay, _, let zone):
            guard let timeZone = TimeZone(identifier: zone) else { return nil }
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = timeZone
            let midnight = calendar.date(from: DateComponents(year: startDay.year, month: startDay.month, day: startDay.day))!
            return recurrence.occurrenceStarts(firstStart: midnight, timeZone: timeZone, limit: limit)
        }
    }
}
