import Foundation

/// Graph's `dateTimeTimeZone` (`{"dateTime":"2026-11-02T10:00:00.0000000","timeZone":"W. Europe Standard Time"}`)
/// and `Edm.DateTimeOffset`, read and written.
enum GraphDateTime {
    /// A zone name as Graph accepts it: `UTC`, a Windows id, or an IANA id.
    static func zone(named name: String) -> TimeZone? {
        if name.caseInsensitiveCompare("UTC") == .orderedSame || name == "Etc/UTC" || name == "GMT" { return .gmt }
        if let zone = TimeZoneResolution.timeZone(windowsId: name) { return zone }
        if name.contains("/"), let zone = TimeZone(identifier: name) { return zone }
        return nil
    }

    /// Reads a `dateTimeTimeZone` value; the zone applies to a dateTime without offset.
    static func parse(_ value: GraphJSON, property: String) throws(GraphError) -> (date: Date, zoneName: String) {
        guard let text = value["dateTime"]?.stringValue else {
            throw GraphError.badRequest("The property '\(property)' needs a 'dateTime'.", code: "ErrorInvalidRequest")
        }
        let zoneName = value["timeZone"]?.stringValue ?? "UTC"
        guard let zone = zone(named: zoneName) else {
            throw GraphError(400, "TimeZoneNotSupportedException", "A valid TimeZone value must be specified. The following TimeZone value is not supported: '\(zoneName)'.")
        }
        guard let date = EWSDateTime.parse(text, floatingIn: zone) else {
            throw GraphError.badRequest("Cannot convert the literal '\(text)' to the expected type 'Edm.DateTime'.", code: "ErrorInvalidRequest")
        }
        return (date, zoneName)
    }

    /// Writes a `dateTimeTimeZone` in `zoneName` (seven fraction digits, no offset, like Graph).
    static func value(_ date: Date, zoneName: String) -> GraphJSON {
        let zone = zone(named: zoneName) ?? .gmt
        return .fields(["dateTime": .string(local(date, in: zone)), "timeZone": .string(zoneName)])
    }

    static func local(_ date: Date, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func pad(_ value: Int?, _ width: Int) -> String {
            let text = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.year, 4))-\(pad(parts.month, 2))-\(pad(parts.day, 2))T\(pad(parts.hour, 2)):\(pad(parts.minute, 2)):\(pad(parts.second, 2)).0000000"
    }

    /// `Edm.DateTimeOffset` as Graph writes it: `2026-11-02T10:00:00Z`.
    static func formatSeconds(_ date: Date) -> String { EWSDateTime.format(date) }

    /// Reads a query-string window bound (`startDateTime`): without an offset it is UTC, as on Graph.
    static func parseQuery(_ text: String) -> Date? { EWSDateTime.parse(text, floatingIn: .gmt) }

    /// `2026-11-02` for recurrence ranges.
    static func dateOnly(_ components: DateComponents) -> String {
        func pad(_ value: Int?, _ width: Int) -> String {
            let text = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(components.year, 4))-\(pad(components.month, 2))-\(pad(components.day, 2))"
    }
}
