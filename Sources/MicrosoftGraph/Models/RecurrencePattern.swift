/// How a series repeats.
public struct RecurrencePattern: GraphModel {
    public static var graphTypeName: String { "recurrencePattern" }

    public var type: RecurrencePatternType?
    public var interval: Int32?
    public var daysOfWeek: [DayOfWeek]?
    public var firstDayOfWeek: DayOfWeek?
    public var index: WeekIndex?
    public var dayOfMonth: Int32?
    public var month: Int32?

    public init() {}

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case type
        case interval
        case daysOfWeek
        case firstDayOfWeek
        case index
        case dayOfMonth
        case month
    }
}
