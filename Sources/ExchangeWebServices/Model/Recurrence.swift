/// A recurring series: how it repeats and when it ends (`t:Recurrence`).
public struct Recurrence: Hashable, Sendable {
    public var pattern: RecurrencePattern
    public var range: RecurrenceRange

    public init(pattern: RecurrencePattern, range: RecurrenceRange) {
        self.pattern = pattern
        self.range = range
    }
}

public enum RecurrencePattern: Hashable, Sendable {
    case daily(interval: Int)
    case weekly(interval: Int, daysOfWeek: [DayOfWeek], firstDayOfWeek: DayOfWeek? = nil)
    case absoluteMonthly(interval: Int, dayOfMonth: Int)
    case relativeMonthly(interval: Int, dayOfWeek: DayOfWeek, index: DayOfWeekIndex)
    case absoluteYearly(dayOfMonth: Int, month: Month)
    case relativeYearly(dayOfWeek: DayOfWeek, index: DayOfWeekIndex, month: Month)
}

public enum RecurrenceRange: Hashable, Sendable {
    case noEnd(start: LocalDate)
    case endDate(start: LocalDate, end: LocalDate)
    case numbered(start: LocalDate, occurrences: Int)

    public var start: LocalDate {
        switch self {
        case .noEnd(let start), .endDate(let start, _), .numbered(let start, _): start
        }
    }
}

/// `DayOfWeekType`: a day, or one of the groups a relative pattern may use.
public enum DayOfWeek: String, Hashable, Sendable, CaseIterable {
    case sunday = "Sunday", monday = "Monday", tuesday = "Tuesday", wednesday = "Wednesday"
    case thursday = "Thursday", friday = "Friday", saturday = "Saturday"
    case day = "Day", weekday = "Weekday", weekendDay = "WeekendDay"
}

public enum DayOfWeekIndex: String, Hashable, Sendable, CaseIterable {
    case first = "First", second = "Second", third = "Third", fourth = "Fourth", last = "Last"
}

public enum Month: String, Hashable, Sendable, CaseIterable {
    case january = "January", february = "February", march = "March", april = "April", may = "May"
    case june = "June", july = "July", august = "August", september = "September", october = "October"
    case november = "November", december = "December"
}
