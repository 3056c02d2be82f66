import Foundation

/// A recurring master's `Recurrence`: pattern and range, expanded in the master's time zone so
/// that occurrences keep their wall-clock time across DST changes.
struct RecurrenceRule {
    enum Pattern {
        case daily(interval: Int)
        case weekly(interval: Int, days: [Int], firstDayOfWeek: Int)
        case absoluteMonthly(interval: Int, dayOfMonth: Int)
        case relativeMonthly(interval: Int, days: [Int], index: Int)
        case absoluteYearly(month: Int, dayOfMonth: Int)
        case relativeYearly(month: Int, days: [Int], index: Int)
    }

    var pattern: Pattern
    var startDate: DateComponents
    var endDate: DateComponents?
    var count: Int?

    static let weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]

    static func validate(_ recurrence: XMLElementNode) throws(EWSError) {
        _ = try RecurrenceRule(recurrence)
    }

    init(_ recurrence: XMLElementNode) throws(EWSError) {
        let invalid = EWSError("ErrorInvalidRecurrence", "The recurrence pattern is invalid.")
        guard recurrence.children.count == 2 else { throw invalid }
        let patternNode = recurrence.children[0]
        let rangeNode = recurrence.children[1]
        func int(_ name: String) -> Int? { patternNode.child(name).flatMap { Int($0.text) } }
        func days() throws(EWSError) -> [Int] {
            var result: [Int] = []
            for name in (patternNode.child("DaysOfWeek")?.text ?? "").split(separator: " ") {
                switch name {
                case "Day": result += Array(1...7)
                case "Weekday": result += Array(2...6)
                case "WeekendDay": result += [1, 7]
                default:
                    guard let index = Self.weekdays.firstIndex(of: String(name)) else { throw invalid }
                    result.append(index + 1)
                }
            }
            guard !result.isEmpty else { throw invalid }
            return Array(Set(result)).sorted()
        }
        func index() throws(EWSError) -> Int {
            switch patternNode.child("DayOfWeekIndex")?.text {
            case "First": 1
            case "Second": 2
            case "Third": 3
            case "Fourth": 4
            case "Last": -1
            default: throw invalid
            }
        }
        func month() throws(EWSError) -> Int {
            guard let name = patternNode.child("Month")?.text, let index = Self.months.firstIndex(of: name) else { throw invalid }
            return index + 1
        }
        let interval = int("Interval") ?? 1
        guard interval >= 1 && interval <= 999 else { throw invalid }
        switch patternNode.name {
        case "DailyRecurrence": pattern = .daily(interval: interval)
        case "WeeklyRecurrence":
            let first = patternNode.child("FirstDayOfWeek").flatMap { Self.weekdays.firstIndex(of: $0.text) }.map { $0 + 1 } ?? 1
            pattern = .weekly(interval: interval, days: try days(), firstDayOfWeek: first)
        case "AbsoluteMonthlyRecurrence":
            guard let day = int("DayOfMonth"), (1...31).contains(day) else { throw invalid }
            pattern = .absoluteMonthly(interval: interval, dayOfMonth: day)
        case "RelativeMonthlyRecurrence": pattern = .relativeMonthly(interval: interval, days: try days(), index: try index())
        case "AbsoluteYearlyRecurrence":
            guard let day = int("DayOfMonth"), (1...31).contains(day) else { throw invalid }
            pattern = .absoluteYearly(month: try month(), dayOfMonth: day)
        case "RelativeYearlyRecurrence": pattern = .relativeYearly(month: try month(), days: try days(), index: try index())
        default: throw invalid
        }
        guard let start = rangeNode.child("StartDate").flatMap({ EWSDateTime.parseDate($0.text) }) else { throw invalid }
        startDate = start
        switch rangeNode.name {
        case "NoEndRecurrence": break
        case "EndDateRecurrence":
            guard let end = rangeNode.child("EndDate").flatMap({ EWSDateTime.parseDate($0.text) }) else { throw invalid }
            endDate = end
        case "NumberedRecurrence":
            guard let number = rangeNode.child("NumberOfOccurrences").flatMap({ Int($0.text) }), number >= 1 else { throw invalid }
            count = number
        default: throw invalid
        }
    }

    /// The original start of each occurrence that begins before `limit`, for a master starting
    /// at `masterStart` (its time of day is kept in `zone`).
    func occurrenceStarts(masterStart: Date, zone: TimeZone, limit: Date, maximum: Int = 5000) -> [Date] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let time = calendar.dateComponents([.hour, .minute, .second], from: masterStart)
        guard let first = calendar.date(from: startDate) else { return [] }
        let last = endDate.flatMap { calendar.date(from: $0) }
        var result: [Date] = []
        func accept(_ day: Date) -> Bool {
            // Returns false once the series is over.
            if day < calendar.startOfDay(for: first) { return true }
            if let last, day > last { return false }
            var parts = calendar.dateComponents([.year, .month, .day], from: day)
            parts.hour = time.hour
            parts.minute = time.minute
            parts.second = time.second
            guard let start = calendar.date(from: parts) else { return true }
            if start >= limit { return false }
            result.append(start)
            if let count, result.count >= count { return false }
            return result.count < maximum
        }
        func nth(_ index: Int, of days: [Int], year: Int, month: Int) -> Date? {
            guard let monthStart = calendar.date(from: DateComponents(year: year, month: month, day: 1)),
                let range = calendar.range(of: .day, in: .month, for: monthStart)
            else { return nil }
            let matching = range.compactMap { day -> Date? in
                guard let date = calendar.date(from: DateComponents(year: year, month: month, day: day)) else { return nil }
                return days.contains(calendar.component(.weekday, from: date)) ? date : nil
            }
            if index == -1 { return matching.last }
            return matching.count >= index ? matching[index - 1] : nil
        }
        func clampedDay(_ day: Int, year: Int, month: Int) -> Date? {
            guard let monthStart = calendar.date(from: DateComponents(year: year, month: month, day: 1)),
                let range = calendar.range(of: .day, in: .month, for: monthStart)
            else { return nil }
            return calendar.date(from: DateComponents(year: year, month: month, day: min(day, range.count)))
        }
        let startYear = startDate.year ?? 2000
        let startMonth = startDate.month ?? 1
        for step in 0..<maximum {
            switch pattern {
            case .daily(let interval):
                guard let day = calendar.date(byAdding: .day, value: step * interval, to: first), accept(day) else { return result }
            case .weekly(let interval, let days, let firstDayOfWeek):
                let weekday = calendar.component(.weekday, from: first)
                let offset = (weekday - firstDayOfWeek + 7) % 7
                guard let weekStart = calendar.date(byAdding: .day, value: -offset + step * interval * 7, to: first) else {
                    return result
                }
                let ordered = days.sorted { ($0 - firstDayOfWeek + 7) % 7 < ($1 - firstDayOfWeek + 7) % 7 }
                for day in ordered {
                    guard let date = calendar.date(byAdding: .day, value: (day - firstDayOfWeek + 7) % 7, to: weekStart),
                        accept(date)
                    else { return result }
                }
            case .absoluteMonthly(let interval, let dayOfMonth):
                let total = startMonth - 1 + step * interval
                guard let date = clampedDay(dayOfMonth, year: startYear + total / 12, month: total % 12 + 1), accept(date) else {
                    return result
                }
            case .relativeMonthly(let interval, let days, let index):
                let total = startMonth - 1 + step * interval
                guard let date = nth(index, of: days, year: startYear + total / 12, month: total % 12 + 1), accept(date) else {
                    return result
                }
            case .absoluteYearly(let month, let dayOfMonth):
                guard let date = clampedDay(dayOfMonth, year: startYear + step, month: month), accept(date) else { return result }
            case .relativeYearly(let month, let days, let index):
                guard let date = nth(index, of: days, year: startYear + step, month: month), accept(date) else { return result }
            }
        }
        return result
    }
}
