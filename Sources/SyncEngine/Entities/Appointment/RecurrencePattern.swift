/// How often a series repeats (the EWS recurrence pattern types).
public enum RecurrencePattern: Codable, Sendable, Hashable {
    /// Which week of the month a relative pattern means.
    public enum WeekIndex: String, Codable, Sendable, CaseIterable, Hashable {
        case first = "First"
        case second = "Second"
        case third = "Third"
        case fourth = "Fourth"
        case last = "Last"
    }

    /// Every `interval` days.
    case daily(interval: Int)
    /// Every `interval` weeks on `daysOfWeek`; weeks start on `firstDayOfWeek`.
    case weekly(interval: Int, daysOfWeek: Set<Weekday>, firstDayOfWeek: Weekday)
    /// Every `interval` months on day `dayOfMonth` (the last day in shorter months).
    case absoluteMonthly(interval: Int, dayOfMonth: Int)
    /// Every `interval` months on the `index` one of `daysOfWeek` (e.g. the last Friday).
    case relativeMonthly(interval: Int, daysOfWeek: Set<Weekday>, index: WeekIndex)
    /// Every year on `month`/`dayOfMonth`.
    case absoluteYearly(month: Int, dayOfMonth: Int)
    /// Every year on the `index` one of `daysOfWeek` of `month`.
    case relativeYearly(month: Int, daysOfWeek: Set<Weekday>, index: WeekIndex)

    var typeName: String {
        switch self {
        case .daily: "daily"
        case .weekly: "weekly"
        case .absoluteMonthly: "absoluteMonthly"
        case .relativeMonthly: "relativeMonthly"
        case .absoluteYearly: "absoluteYearly"
        case .relativeYearly: "relativeYearly"
        }
    }
}
