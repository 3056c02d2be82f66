/// A recurring series' rule: its pattern and its range.
public struct Recurrence: Codable, Sendable, Hashable {
    public var pattern: RecurrencePattern
    public var range: RecurrenceRange

    public init(pattern: RecurrencePattern, range: RecurrenceRange) {
        self.pattern = Recurrence.normalized(pattern)
        self.range = range
    }

    private static func normalized(_ pattern: RecurrencePattern) -> RecurrencePattern {
        switch pattern {
        case .daily(let interval): .daily(interval: max(interval, 1))
        case .weekly(let interval, let days, let first): .weekly(interval: max(interval, 1), daysOfWeek: days, firstDayOfWeek: first)
        case .absoluteMonthly(let interval, let day): .absoluteMonthly(interval: max(interval, 1), dayOfMonth: day)
        case .relativeMonthly(let interval, let days, let index):
            .relativeMonthly(interval: max(interval, 1), daysOfWeek: days, index: index)
        case .absoluteYearly, .relativeYearly: pattern
        }
    }

    var fieldValue: FieldValue? {
        var writer = FieldWriter()
        writer.set("type", text: pattern.typeName)
        func days(_ set: Set<Weekday>) -> FieldValue { .list(set.sorted().map { .text($0.rawValue) }) }
        switch pattern {
        case .daily(let interval):
            writer.set("interval", integer: interval)
        case .weekly(let interval, let daysOfWeek, let firstDayOfWeek):
            writer.set("interval", integer: interval)
            writer.set("daysOfWeek", days(daysOfWeek))
            writer.set("firstDayOfWeek", text: firstDayOfWeek.rawValue)
        case .absoluteMonthly(let interval, let dayOfMonth):
            writer.set("interval", integer: interval)
            writer.set("dayOfMonth", integer: dayOfMonth)
        case .relativeMonthly(let interval, let daysOfWeek, let index):
            writer.set("interval", integer: interval)
            writer.set("daysOfWeek", days(daysOfWeek))
            writer.set("weekIndex", text: index.rawValue)
        case .absoluteYearly(let month, let dayOfMonth):
            writer.set("month", integer: month)
            writer.set("dayOfMonth", integer: dayOfMonth)
        case .relativeYearly(let month, let daysOfWeek, let index):
            writer.set("month", integer: month)
            writer.set("daysOfWeek", days(daysOfWeek))
            writer.set("weekIndex", text: index.rawValue)
        }
        switch range {
        case .endDate(let start, let end):
            writer.set("rangeType", text: "endDate")
            writer.set("rangeStart", day: start)
            writer.set("rangeEnd", day: end)
        case .numbered(let start, let count):
            writer.set("rangeType", text: "numbered")
            writer.set("rangeStart", day: start)
            writer.set("count", integer: count)
        case .noEnd(let start):
            writer.set("rangeType", text: "noEnd")
            writer.set("rangeStart", day: start)
        }
        return writer.map
    }

    init(reading reader: FieldReader) throws(FieldSetDecodingError) {
        func required<T>(_ value: T?, _ field: String, _ expected: String) throws(FieldSetDecodingError) -> T {
            guard let value else { throw reader.failure(field, expected) }
            return value
        }
        func days() throws(FieldSetDecodingError) -> Set<Weekday> {
            var result = Set<Weekday>()
            for name in try reader.texts("daysOfWeek") {
                guard let day = Weekday(rawValue: name) else { throw reader.failure("daysOfWeek", "day names") }
                result.insert(day)
            }
            guard !result.isEmpty else { throw reader.failure("daysOfWeek", "at least one day") }
            return result
        }
        let interval = try reader.integer("interval") ?? 1
        let pattern: RecurrencePattern
        switch try reader.text("type") {
        case "daily": pattern = .daily(interval: interval)
        case "weekly":
            pattern = .weekly(
                interval: interval, daysOfWeek: try days(),
                firstDayOfWeek: try reader.enumeration("firstDayOfWeek", Weekday.self) ?? .sunday)
        case "absoluteMonthly":
            pattern = .absoluteMonthly(
                interval: interval, dayOfMonth: try required(try reader.integer("dayOfMonth"), "dayOfMonth", "a day"))
        case "relativeMonthly":
            pattern = .relativeMonthly(
                interval: interval, daysOfWeek: try days(),
                index: try required(try reader.enumeration("weekIndex", RecurrencePattern.WeekIndex.self), "weekIndex", "a week index"))
        case "absoluteYearly":
            pattern = .absoluteYearly(
                month: try required(try reader.integer("month"), "month", "a month"),
                dayOfMonth: try required(try reader.integer("dayOfMonth"), "dayOfMonth", "a day"))
        case "relativeYearly":
            pattern = .relativeYearly(
                month: try required(try reader.integer("month"), "month", "a month"), daysOfWeek: try days(),
                index: try required(try reader.enumeration("weekIndex", RecurrencePattern.WeekIndex.self), "weekIndex", "a week index"))
        default: throw reader.failure("type", "a recurrence pattern type")
        }
        let start = try required(try reader.day("rangeStart"), "rangeStart", "a day")
        let range: RecurrenceRange
        switch try reader.text("rangeType") {
        case "endDate": range = .endDate(start: start, end: try required(try reader.day("rangeEnd"), "rangeEnd", "a day"))
        case "numbered": range = .numbered(start: start, count: try required(try reader.integer("count"), "count", "a count"))
        case "noEnd": range = .noEnd(start: start)
        default: throw reader.failure("rangeType", "endDate, numbered or noEnd")
        }
        self.init(pattern: pattern, range: range)
    }
}
