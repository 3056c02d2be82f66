import Foundation
import MicrosoftGraph
import SyncEngine
import WindowsTimeZones

/// The engine's recurrence ⇄ Graph `patternedRecurrence`.
///
/// Graph's relative patterns take any list of days (the first Monday-to-Friday day of the month is
/// `daysOfWeek` Monday through Friday with `index` `first`), so every engine pattern has a Graph
/// form. Yearly patterns have no interval in the engine, as in EWS: Graph's is written as 1.
enum GraphRecurrenceMapping {
    static func graph(_ recurrence: SyncEngine.Recurrence, timeZone: String) -> PatternedRecurrence {
        var pattern = MicrosoftGraph.RecurrencePattern()
        func days(_ set: Set<Weekday>) -> [DayOfWeek] { set.sorted().map(dayOfWeek) }
        switch recurrence.pattern {
        case .daily(let interval):
            pattern.type = .daily
            pattern.interval = Int32(interval)
        case .weekly(let interval, let daysOfWeek, let first):
            pattern.type = .weekly
            pattern.interval = Int32(interval)
            pattern.daysOfWeek = days(daysOfWeek)
            pattern.firstDayOfWeek = dayOfWeek(first)
        case .absoluteMonthly(let interval, let day):
            pattern.type = .absoluteMonthly
            pattern.interval = Int32(interval)
            pattern.dayOfMonth = Int32(day)
        case .relativeMonthly(let interval, let daysOfWeek, let index):
            pattern.type = .relativeMonthly
            pattern.interval = Int32(interval)
            pattern.daysOfWeek = days(daysOfWeek)
            pattern.index = weekIndex(index)
        case .absoluteYearly(let month, let day):
            pattern.type = .absoluteYearly
            pattern.interval = 1
            pattern.month = Int32(month)
            pattern.dayOfMonth = Int32(day)
        case .relativeYearly(let month, let daysOfWeek, let index):
            pattern.type = .relativeYearly
            pattern.interval = 1
            pattern.month = Int32(month)
            pattern.daysOfWeek = days(daysOfWeek)
            pattern.index = weekIndex(index)
        }
        var range = MicrosoftGraph.RecurrenceRange()
        range.startDate = EdmDate(recurrence.range.start.description)
        range.recurrenceTimeZone = timeZone
        switch recurrence.range {
        case .noEnd:
            range.type = .noEnd
        case .endDate(_, let end):
            range.type = .endDate
            range.endDate = EdmDate(end.description)
        case .numbered(_, let count):
            range.type = .numbered
            range.numberOfOccurrences = Int32(count)
        }
        var result = PatternedRecurrence()
        result.pattern = pattern
        result.range = range
        return result
    }

    static func engine(_ recurrence: PatternedRecurrence) throws(GraphMappingError) -> SyncEngine.Recurrence {
        func failure(_ problem: String) -> GraphMappingError {
            GraphMappingError(kind: .appointment, field: FieldName.recurrence, problem: problem)
        }
        guard let pattern = recurrence.pattern, let type = pattern.type, let range = recurrence.range, let rangeType = range.type else {
            throw failure("the recurrence has no pattern or range")
        }
        let interval = Int(pattern.interval ?? 1)
        let days = Set((pattern.daysOfWeek ?? []).map(weekday))
        func requireDays() throws(GraphMappingError) -> Set<Weekday> {
            guard !days.isEmpty else { throw failure("a \(type.rawValue) pattern without days") }
            return days
        }
        func require(_ value: Int32?, _ name: String) throws(GraphMappingError) -> Int {
            guard let value, value > 0 else { throw failure("a \(type.rawValue) pattern without \(name)") }
            return Int(value)
        }
        let index = engineIndex(pattern.index ?? .first)
        let engine: SyncEngine.RecurrencePattern
        switch type {
        case .daily: engine = .daily(interval: interval)
        case .weekly: engine = .weekly(interval: interval, daysOfWeek: try requireDays(), firstDayOfWeek: weekday(pattern.firstDayOfWeek ?? .sunday))
        case .absoluteMonthly: engine = .absoluteMonthly(interval: interval, dayOfMonth: try require(pattern.dayOfMonth, "dayOfMonth"))
        case .relativeMonthly: engine = .relativeMonthly(interval: interval, daysOfWeek: try requireDays(), index: index)
        case .absoluteYearly:
            engine = .absoluteYearly(month: try require(pattern.month, "month"), dayOfMonth: try require(pattern.dayOfMonth, "dayOfMonth"))
        case .relativeYearly: engine = .relativeYearly(month: try require(pattern.month, "month"), daysOfWeek: try requireDays(), index: index)
        }
        guard let startText = range.startDate?.text, let start = LocalDate(startText) else { throw failure("the range has no start date") }
        let engineRange: SyncEngine.RecurrenceRange
        switch rangeType {
        case .noEnd:
            engineRange = .noEnd(start: start)
        case .endDate:
            guard let endText = range.endDate?.text, let end = LocalDate(endText) else { throw failure("an endDate range without its end") }
            engineRange = .endDate(start: start, end: end)
        case .numbered:
            engineRange = .numbered(start: start, count: try require(range.numberOfOccurrences, "numberOfOccurrences"))
        }
        return SyncEngine.Recurrence(pattern: engine, range: engineRange)
    }

    // MARK: Parts

    static func dayOfWeek(_ day: Weekday) -> DayOfWeek {
        switch day {
        case .sunday: .sunday
        case .monday: .monday
        case .tuesday: .tuesday
        case .wednesday: .wednesday
        case .thursday: .thursday
        case .friday: .friday
        case .saturday: .saturday
        }
    }

    static func weekday(_ day: DayOfWeek) -> Weekday {
        switch day {
        case .sunday: .sunday
        case .monday: .monday
        case .tuesday: .tuesday
        case .wednesday: .wednesday
        case .thursday: .thursday
        case .friday: .friday
        case .saturday: .saturday
        }
    }

    static func weekIndex(_ index: SyncEngine.RecurrencePattern.WeekIndex) -> WeekIndex {
        switch index {
        case .first: .first
        case .second: .second
        case .third: .third
        case .fourth: .fourth
        case .last: .last
        }
    }

    static func engineIndex(_ index: WeekIndex) -> SyncEngine.RecurrencePattern.WeekIndex {
        switch index {
        case .first: .first
        case .second: .second
        case .third: .third
        case .fourth: .fourth
        case .last: .last
        }
    }
}
