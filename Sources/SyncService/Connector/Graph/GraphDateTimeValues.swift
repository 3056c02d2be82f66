import Foundation
import MicrosoftGraph
import SyncEngine
import WindowsTimeZones

/// Graph's `dateTimeTimeZone` (a wall-clock text and the zone it is in, Windows or IANA) as the
/// engine's days and instants, both ways.
enum GraphDateTimeValues {
    /// Midnight of `day`, in UTC: how a day without a time travels (To Do's due dates).
    static func dateTime(_ day: LocalDate) -> DateTimeTimeZone {
        DateTimeTimeZone(dateTime: "\(day.description)T00:00:00", timeZone: "UTC")
    }

    /// The calendar day of a `dateTimeTimeZone` (its first ten characters).
    static func day(_ value: DateTimeTimeZone?, _ property: String, kind: EntityKind) throws(GraphMappingError) -> LocalDate? {
        guard let text = value?.dateTime, !text.isEmpty else { return nil }
        guard let day = LocalDate(String(text.prefix(10))) else {
            throw GraphMappingError(kind: kind, field: property, problem: "'\(text)' is not a date and time")
        }
        return day
    }

    /// The zone a Graph zone name means: UTC, an IANA id, or a Windows id (its CLDR default).
    static func zone(named name: String) -> TimeZone? {
        if name == "UTC" || name == "tzone://Microsoft/Utc" { return TimeZone(identifier: "UTC") }
        if let windows = try? WindowsTimeZoneMapping.ianaID(forWindowsID: name) { return TimeZone(identifier: windows) }
        return TimeZone(identifier: name)
    }

    /// The instant a `dateTimeTimeZone` names (fractional seconds dropped).
    static func instant(_ value: DateTimeTimeZone?, _ property: String, kind: EntityKind) throws(GraphMappingError) -> Date? {
        guard let text = value?.dateTime, !text.isEmpty else { return nil }
        let zoneName = value?.timeZone ?? "UTC"
        guard let zone = zone(named: zoneName) else {
            throw GraphMappingError(kind: kind, field: property, problem: "unknown time zone '\(zoneName)'")
        }
        var format = Date.ISO8601FormatStyle(timeZone: zone)
        format = format.year().month().day().time(includingFractionalSeconds: false)
        guard let date = try? format.parse(String(text.prefix(19))) else {
            throw GraphMappingError(kind: kind, field: property, problem: "'\(text)' is not a date and time")
        }
        return date
    }

    /// `yyyy-MM-ddTHH:mm:ss` of an instant in UTC.
    static func utcText(_ instant: Date) -> String {
        var format = Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!)
        format = format.year().month().day().time(includingFractionalSeconds: false)
        return instant.formatted(format)
    }
}
