import Foundation

extension Recurrence {
    /// The days the series occurs on, in order, at most `limit` of them.
    public func occurrenceDays(limit: Int = 1000) -> [LocalDate] {
        var result: [LocalDate] = []
        let first = range.start
        var day = first
        // A series that can never match (e.g. February 30th yearly) must still end.
        let lastCandidate = first.adding(days: 366 * 100)
        while result.count < limit, day <= lastCandidate {
            switch range {
            case .endDate(_, let end) where day > end: return result
            case .numbered(_, let count) where result.count >= count: return result
            default: break
            }
            if occurs(on: day, first: first) { result.append(day) }
            day = day.adding(days: 1)
        }
        return result
    }

    /// The start instants of the series' occurrences: each occurrence day at the wall-clock time of
    /// `firstStart` in `timeZone`, so that a 09:00 meeting stays at 09:00 local across DST changes.
    public func occurrenceStarts(firstStart: Date, timeZone: TimeZone, limit: Int = 1000) -> [Date] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let time = calendar.dateComponents([.hour, .minute, .second], from: firstStart)
        return occurrenceDays(limit: limit).compactMap { day in
            calendar.date(
                from: DateComponents(
                    year: day.year, month: day.month, day: day.day, hour: time.hour, minute: time.minute,
                    second: time.second))
        }
    }

    private func occurs(on day: LocalDate, first: LocalDate) -> Bool {
        let monthsSince = (day.year * 12 + day.month) - (first.year * 12 + first.month)
        switch pattern {
        case .daily(let interval):
            return (day.dayNumber - first.dayNumber) % interval == 0
        case .weekly(let interval, let days, let firstDayOfWeek):
            func weekStart(_ date: LocalDate) -> Int {
                date.dayNumber - (date.weekday.index - firstDayOfWeek.index + 7) % 7
            }
            let weeksSince = (weekStart(day) - weekStart(first)) / 7
            return weeksSince % interval == 0 && days.contains(day.weekday)
        case .absoluteMonthly(let interval, let dayOfMonth):
            return monthsSince % interval == 0 && day.day == min(dayOfMonth, LocalDate.daysIn(month: day.month, year: day.year))
        case .relativeMonthly(let interval, let days, let index):
            return monthsSince % interval == 0 && Self.isRelative(day, days: days, index: index)
        case .absoluteYearly(let month, let dayOfMonth):
            return day.month == month && day.day == min(dayOfMonth, LocalDate.daysIn(month: month, year: day.year))
        case .relativeYearly(let month, let days, let index):
            return day.month == month && Self.isRelative(day, days: days, index: index)
        }
    }

    private static func isRelative(_ day: LocalDate, days: Set<Weekday>, index: RecurrencePattern.WeekIndex) -> Bool {
        guard days.contains(day.weekday) else { return false }
        let length = LocalDate.daysIn(month: day.month, year: day.year)
        let matching = (1...length).compactMap { LocalDate(year: day.year, month: day.month, day: $0) }
            .filter { days.contains($0.weekday) }
        let chosen: LocalDate?
        switch index {
        case .first: chosen = matching.first
        case .second: chosen = matching.count > 1 ? matching[1] : nil
        case .third: chosen = matching.count > 2 ? matching[2] : nil
        case .fourth: chosen = matching.count > 3 ? matching[3] : nil
        case .last: chosen = matching.last
        }
        return chosen == day
    }
}
