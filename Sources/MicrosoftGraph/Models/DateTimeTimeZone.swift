/// A wall-clock time and the zone it is in (Windows or IANA name), e.g.
/// `{"dateTime":"2026-11-02T09:00:00.0000000","timeZone":"W. Europe Standard Time"}`.
public struct DateTimeTimeZone: GraphModel {
    public static var graphTypeName: String { "dateTimeTimeZone" }

    public var dateTime: String?
    public var timeZone: String?

    public init() {}

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case dateTime
        case timeZone
    }

    public init(dateTime: String, timeZone: String) {
        self.dateTime = dateTime
        self.timeZone = timeZone
    }
}
