/// A day of the week, named as EWS names them (`DayOfWeekType`).
public enum Weekday: String, Codable, Sendable, CaseIterable, Hashable, Comparable {
    case sunday = "Sunday"
    case monday = "Monday"
    case tuesday = "Tuesday"
    case wednesday = "Wednesday"
    case thursday = "Thursday"
    case friday = "Friday"
    case saturday = "Saturday"

    /// 0 for Sunday through 6 for Saturday.
    public var index: Int { Weekday.allCases.firstIndex(of: self)! }

    public static func < (lhs: Weekday, rhs: Weekday) -> Bool { lhs.index < rhs.index }
}
