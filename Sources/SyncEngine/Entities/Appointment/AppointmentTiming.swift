import Foundation

/// When an appointment happens: two instants with their IANA zones, or whole days.
public enum AppointmentTiming: Codable, Sendable, Hashable {
    /// Start and end instants, each with the IANA zone it was set in (they may differ, e.g. a flight).
    case timed(start: Date, startTimeZone: String, end: Date, endTimeZone: String)
    /// Whole days: from `startDay` up to, not including, `endDay`, as seen in `timeZone` (IANA).
    case allDay(startDay: LocalDate, endDay: LocalDate, timeZone: String)

    public var isAllDay: Bool {
        if case .allDay = self { return true }
        return false
    }

    /// The same timing with instants at whole seconds.
    var normalized: AppointmentTiming {
        switch self {
        case .timed(let start, let startZone, let end, let endZone):
            .timed(
                start: TextNormalization.instant(start), startTimeZone: startZone.trimmingCharacters(in: .whitespaces),
                end: TextNormalization.instant(end), endTimeZone: endZone.trimmingCharacters(in: .whitespaces))
        case .allDay(let startDay, let endDay, let zone):
            .allDay(startDay: startDay, endDay: max(endDay, startDay.adding(days: 1)), timeZone: zone.trimmingCharacters(in: .whitespaces))
        }
    }
}
