import Foundation

/// Graph's `patternedRecurrence` against EWS's `Recurrence` element (pattern, then range), in
/// the element order `types.xsd` requires.
enum GraphRecurrence {
    static let indexes: [(graph: String, ews: String)] = [
        ("first", "First"), ("second", "Second"), ("third", "Third"), ("fourth", "Fourth"), ("last", "Last"),
    ]

    static func capitalized(_ day: String) -> String { day.prefix(1).uppercased() + day.dropFirst() }
    static func lowerFirst(_ day: String) -> String { day.prefix(1).lowercased() + day.dropFirst() }

    static func ews(from value: GraphJSON) throws(GraphError) -> XMLElementNode {
        let invalid = GraphError.badRequest("The recurrence pattern is invalid.", code: "ErrorInvalidRecurrence")
        guard let pattern = value["pattern"], let range = value["range"], let type = pattern["type"]?.stringValue,
            let rangeType = range["type"]?.stringValue
        else { throw invalid }
        let interval = pattern["interval"]?.integerValue ?? 1
        let days = (pattern["daysOfWeek"]?.arrayValue ?? []).compactMap(\.stringValue).map(capitalized)
        // A relative pattern names one EWS day or group: Monday to Friday is `Weekday`.
        let relativeDay = group(of: days)
        let index = indexes.first { $0.graph == (pattern["index"]?.stringValue ?? "first") }?.ews ?? "First"
        let month = pattern["month"]?.integerValue.flatMap { (1...12).contains($0) ? RecurrenceRule.months[Int($0) - 1] : nil }
        let dayOfMonth = pattern["dayOfMonth"]?.integerValue.map { String($0) }
        var children: [XMLElementNode] = []
        let patternElement: XMLElementNode
        switch type {
        case "daily":
            patternElement = .t("DailyRecurrence", children: [.t("Interval", String(interval))])
        case "weekly":
            guard !days.isEmpty else { throw invalid }
            patternElement = .t(
                "WeeklyRecurrence",
                children: [
                    .t("Interval", String(interval)), .t("DaysOfWeek", days.joined(separator: " ")),
                    .t("FirstDayOfWeek", capitalized(pattern["firstDayOfWeek"]?.stringValue ?? "sunday")),
                ])
        case "absoluteMonthly":
            guard let dayOfMonth else { throw invalid }
            patternElement = .t("AbsoluteMonthlyRecurrence", children: [.t("Interval", String(interval)), .t("DayOfMonth", dayOfMonth)])
        case "relativeMonthly":
            guard let day = relativeDay else { throw invalid }
            patternElement = .t(
                "RelativeMonthlyRecurrence", children: [.t("Interval", String(interval)), .t("DaysOfWeek", day), .t("DayOfWeekIndex", index)])
        case "absoluteYearly":
            guard let dayOfMonth, let month else { throw invalid }
            patternElement = .t("AbsoluteYearlyRecurrence", children: [.t("DayOfMonth", dayOfMonth), .t("Month", month)])
        case "relativeYearly":
            guard let day = relativeDay, let month else { throw invalid }
            patternElement = .t("RelativeYearlyRecurrence", children: [.t("DaysOfWeek", day), .t("DayOfWeekIndex", index), .t("Month", month)])
        default:
            throw invalid
        }
        children.append(patternElement)
        guard let startDate = range["startDate"]?.stringValue, EWSDateTime.parseDate(startDate) != nil else { throw invalid }
        switch rangeType {
        case "noEnd":
            children.append(.t("NoEndRecurrence", children: [.t("StartDate", startDate)]))
        case "endDate":
            guard let endDate = range["endDate"]?.stringValue, EWSDateTime.parseDate(endDate) != nil else { throw invalid }
            children.append(.t("EndDateRecurrence", children: [.t("StartDate", startDate), .t("EndDate", endDate)]))
        case "numbered":
            guard let count = range["numberOfOccurrences"]?.integerValue, count >= 1 else { throw invalid }
            children.append(.t("NumberedRecurrence", children: [.t("StartDate", startDate), .t("NumberOfOccurrences", String(count))]))
        default:
            throw invalid
        }
        let element = XMLElementNode.t("Recurrence", children: children)
        do throws(EWSError) { try RecurrenceRule.validate(element) } catch { throw invalid }
        return element
    }

    static let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
    static let weekendDays = ["Saturday", "Sunday"]
    static let allDays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

    /// The EWS `DayOfWeekType` of a relative pattern's days: one day, or a group; nil otherwise.
    static func group(of days: [String]) -> String? {
        let set = Set(days)
        if set.count == 1 { return days.first }
        if set == Set(weekdays) { return "Weekday" }
        if set == Set(weekendDays) { return "WeekendDay" }
        if set == Set(allDays) { return "Day" }
        return nil
    }

    /// The days an EWS `DaysOfWeek` names, its groups spelt out.
    static func days(of text: String) -> [String] {
        text.split(separator: " ").flatMap { name -> [String] in
            switch name {
            case "Weekday": weekdays
            case "WeekendDay": weekendDays
            case "Day": allDays
            default: [String(name)]
            }
        }
    }

    static func graph(from element: XMLElementNode, zoneName: String) -> GraphJSON {
        guard element.children.count == 2 else { return .null }
        let pattern = element.children[0]
        let range = element.children[1]
        func int(_ name: String) -> GraphJSON { .integer(Int64(pattern.child(name)?.text ?? "0") ?? 0) }
        let days = GraphJSON.array(
            days(of: pattern.child("DaysOfWeek")?.text ?? "").map { GraphJSON.string(lowerFirst($0)) })
        let index = GraphJSON.string(indexes.first { $0.ews == pattern.child("DayOfWeekIndex")?.text }?.graph ?? "first")
        let month = GraphJSON.integer(Int64((RecurrenceRule.months.firstIndex(of: pattern.child("Month")?.text ?? "") ?? -1) + 1))
        let type: String
        var fields: [GraphJSON.Member] = []
        switch pattern.name {
        case "DailyRecurrence": type = "daily"
        case "WeeklyRecurrence": type = "weekly"
        case "AbsoluteMonthlyRecurrence": type = "absoluteMonthly"
        case "RelativeMonthlyRecurrence": type = "relativeMonthly"
        case "AbsoluteYearlyRecurrence": type = "absoluteYearly"
        default: type = "relativeYearly"
        }
        fields.append(.init("type", .string(type)))
        fields.append(.init("interval", pattern.child("Interval") == nil ? .integer(1) : int("Interval")))
        fields.append(.init("month", pattern.child("Month") == nil ? .integer(0) : month))
        fields.append(.init("dayOfMonth", pattern.child("DayOfMonth") == nil ? .integer(0) : int("DayOfMonth")))
        fields.append(.init("daysOfWeek", days))
        fields.append(.init("firstDayOfWeek", .string(lowerFirst(pattern.child("FirstDayOfWeek")?.text ?? "Sunday"))))
        fields.append(.init("index", index))
        let rangeType =
            switch range.name {
            case "EndDateRecurrence": "endDate"
            case "NumberedRecurrence": "numbered"
            default: "noEnd"
            }
        let rangeJSON = GraphJSON.fields([
            "type": .string(rangeType),
            "startDate": .string(range.child("StartDate")?.text ?? ""),
            "endDate": .string(range.child("EndDate")?.text ?? "0001-01-01"),
            "recurrenceTimeZone": .string(zoneName),
            "numberOfOccurrences": .integer(Int64(range.child("NumberOfOccurrences")?.text ?? "0") ?? 0),
        ])
        return .fields(["pattern": .object(fields), "range": rangeJSON])
    }
}
