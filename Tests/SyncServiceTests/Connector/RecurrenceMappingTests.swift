import ExchangeWebServices
import SyncEngine
import Testing

@testable import SyncService

/// Every recurrence pattern and range the engine models has one EWS form and comes back from it.
@Suite("Recurrence mapping")
struct RecurrenceMappingTests {
    static let start = SyncEngine.LocalDate("2026-01-05")!

    static let patterns: [SyncEngine.RecurrencePattern] = [
        .daily(interval: 3),
        .weekly(interval: 2, daysOfWeek: [.monday, .thursday], firstDayOfWeek: .monday),
        .weekly(interval: 1, daysOfWeek: Set(Weekday.allCases), firstDayOfWeek: .sunday),
        .absoluteMonthly(interval: 1, dayOfMonth: 31),
        .relativeMonthly(interval: 2, daysOfWeek: [.friday], index: .last),
        .relativeMonthly(interval: 1, daysOfWeek: Set(Weekday.allCases), index: .first),
        .relativeMonthly(interval: 1, daysOfWeek: [.monday, .tuesday, .wednesday, .thursday, .friday], index: .second),
        .relativeMonthly(interval: 1, daysOfWeek: [.saturday, .sunday], index: .fourth),
        .absoluteYearly(month: 2, dayOfMonth: 29),
        .relativeYearly(month: 11, daysOfWeek: [.thursday], index: .fourth),
        .relativeYearly(month: 12, daysOfWeek: [.saturday, .sunday], index: .last),
    ]

    static let ranges: [SyncEngine.RecurrenceRange] = [
        .noEnd(start: start), .numbered(start: start, count: 12), .endDate(start: start, end: SyncEngine.LocalDate("2027-06-30")!),
    ]

    @Test(arguments: patterns, ranges)
    func roundTrip(pattern: SyncEngine.RecurrencePattern, range: SyncEngine.RecurrenceRange) throws {
        let recurrence = SyncEngine.Recurrence(pattern: pattern, range: range)
        #expect(try RecurrenceMapping.engine(RecurrenceMapping.ews(recurrence)) == recurrence)
    }

    @Test func dayGroupsTravelAsTheirEWSNames() throws {
        func ewsDay(_ days: Set<Weekday>) throws -> DayOfWeek {
            let recurrence = SyncEngine.Recurrence(
                pattern: .relativeMonthly(interval: 1, daysOfWeek: days, index: .first), range: .noEnd(start: Self.start))
            guard case .relativeMonthly(_, let day, _) = try RecurrenceMapping.ews(recurrence).pattern else { throw MappingTestFailure() }
            return day
        }
        #expect(try ewsDay(Set(Weekday.allCases)) == .day)
        #expect(try ewsDay([.monday, .tuesday, .wednesday, .thursday, .friday]) == .weekday)
        #expect(try ewsDay([.saturday, .sunday]) == .weekendDay)
        #expect(try ewsDay([.tuesday]) == .tuesday)
        #expect(throws: EWSMappingError.self) { try ewsDay([.monday, .friday]) }
    }

    @Test func weeklyDaysGivenAsAGroupByAnotherClientAreRead() throws {
        let ews = ExchangeWebServices.Recurrence(
            pattern: .weekly(interval: 1, daysOfWeek: [.weekday], firstDayOfWeek: nil),
            range: .noEnd(start: ExchangeWebServices.LocalDate(year: 2026, month: 1, day: 5)))
        let read = try RecurrenceMapping.engine(ews)
        #expect(read.pattern == .weekly(interval: 1, daysOfWeek: [.monday, .tuesday, .wednesday, .thursday, .friday], firstDayOfWeek: .sunday))
    }

    struct MappingTestFailure: Error {}
}
