import ExchangeWebServices
import SyncEngine

/// The engine's recurrence ⇄ EWS `t:Recurrence`.
///
/// A relative pattern names one EWS `DayOfWeekType`: a day, or the groups `Day` (any day),
/// `Weekday` and `WeekendDay`. Other sets of days have no EWS form and are refused.
enum RecurrenceMapping {
    static func ews(_ recurrence: SyncEngine.Recurrence) throws(EWSMappingError) -> ExchangeWebServices.Recurrence {
        let pattern: ExchangeWebServices.RecurrencePattern
        switch recurrence.pattern {
        case .daily(let interval):
            pattern = .daily(interval: interval)
        case .weekly(let interval, let days, let first):
            pattern = .weekly(interval: interval, daysOfWeek: days.sorted().map(dayOfWeek), firstDayOfWeek: dayOfWeek(first))
        case .absoluteMonthly(let interval, let day):
            pattern = .absoluteMonthly(interval: interval, dayOfMonth: day)
        case .relativeMonthly(let interval, let days, let index):
            pattern = .relativeMonthly(interval: interval, dayOfWeek: try group(days), index: weekIndex(index))
        case .absoluteYearly(let month, let day):
            pattern = .absoluteYearly(dayOfMonth: day, month: try self.month(month))
        case .relativeYearly(let month, let days, let index):
            pattern = .relativeYearly(dayOfWeek: try group(days), index: weekIndex(index), month: try self.month(month))
        }
        let range: ExchangeWebServices.RecurrenceRange
        switch recurrence.range {
        case .noEnd(let start): range = .noEnd(start: ews(start))
        case .endDate(let start, let end): range = .endDate(start: ews(start), end: ews(end))
        case .numbered(let start, let count): range = .numbered(start: ews(start), occurrences: count)
        }
        return ExchangeWebServices.Recurrence(pattern: pattern, range: range)
    }

    static func engine(_ recurrence: ExchangeWebServices.Recurrence) throws(EWSMappingError) -> SyncEngine.Recurrence {
        let pattern: SyncEngine.RecurrencePattern
        switch recurrence.pattern {
        case .daily(let interval):
            pattern = .daily(interval: interval)
        case .weekly(let interval, let days, let first):
            pattern = .weekly(
                interval: interval, daysOfWeek: Set(days.flatMap(weekdays)), firstDayOfWeek: first.map(weekdays)?.first ?? .sunday)
        case .absoluteMonthly(let interval, let day):
            pattern = .absoluteMonthly(interval: interval, dayOfMonth: day)
        case .relativeMonthly(let interval, let day, let index):
            pattern = .relativeMonthly(interval: interval, daysOfWeek: Set(weekdays(day)), index: weekIndex(index))
        case .absoluteYearly(let day, let month):
            pattern = .absoluteYearly(month: monthNumber(month), dayOfMonth: day)
        case .relativeYearly(let day, let index, let month):
            pattern = .relativeYearly(month: monthNumber(month), daysOfWeek: Set(weekdays(day)), index: weekIndex(index))
        }
        let range: SyncEngine.RecurrenceRange
        switch recurrence.range {
        case .noEnd(let start): range = .noEnd(start: try engine(start))
        case .endDate(let start, let end): range = .endDate(start: try engine(start), end: try engine(end))
        case .numbered(let start, let count): range = .numbered(start: try engine(start), count: count)
        }
        return SyncEngine.Recurrence(pattern: pattern, range: range)
    }

    // MARK: Parts

    static func ews(_ day: SyncEngine.LocalDate) -> ExchangeWebServices.LocalDate {
        ExchangeWebServices.LocalDate(year: day.year, month: day.month, day: day.day)
    }

    static func engine(_ day: ExchangeWebServices.LocalDate) throws(EWSMappingError) -> SyncEngine.LocalDate {
        guard let date = SyncEngine.LocalDate(year: day.year, month: day.month, day: day.day) else {
            throw EWSMappingError(kind: .appointment, field: FieldName.recurrence, problem: "invalid date \(day)")
        }
        return date
    }

    static func dayOfWeek(_ day: Weekday) -> DayOfWeek {
        DayOfWeek(rawValue: day.rawValue)!
    }

    static func weekdays(_ day: DayOfWeek) -> [Weekday] {
        switch day {
        case .day: Weekday.allCases
        case .weekday: [.monday, .tuesday, .wednesday, .thursday, .friday]
        case .weekendDay: [.sunday, .saturday]
        default: [Weekday(rawValue: day.rawValue)!]
        }
    }

    static func group(_ days: Set<Weekday>) throws(EWSMappingError) -> DayOfWeek {
        if days.count == 1, let day = days.first { return dayOfWeek(day) }
        for group in [DayOfWeek.day, .weekday, .weekendDay] where Set(weekdays(group)) == days { return group }
        throw EWSMappingError(
            kind: .appointment, field: FieldName.recurrence,
            problem: "a relative pattern takes one day, every day, the weekdays or the weekend days, not \(days.sorted().map(\.rawValue))")
    }

    static func weekIndex(_ index: SyncEngine.RecurrencePattern.WeekIndex) -> DayOfWeekIndex {
        DayOfWeekIndex(rawValue: index.rawValue)!
    }

    static func weekIndex(_ index: DayOfWeekIndex) -> SyncEngine.RecurrencePattern.WeekIndex {
        SyncEngine.RecurrencePattern.WeekIndex(rawValue: index.rawValue)!
    }

    static func month(_ number: Int) throws(EWSMappingError) -> Month {
        guard (1...12).contains(number) else {
            throw EWSMappingError(kind: .appointment, field: FieldName.recurrence, problem: "month \(number) is not 1 to 12")
        }
        return Month.allCases[number - 1]
    }

    static func monthNumber(_ month: Month) -> Int { Month.allCases.firstIndex(of: month)! + 1 }
}
