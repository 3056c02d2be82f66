/// The span of a series.
public struct RecurrenceRange: GraphModel {
    public static var graphTypeName: String { "recurrenceRange" }

    public var type: RecurrenceRangeType?
    public var startDate: EdmDate?
    public var endDate: EdmDate?
    public var numberOfOccurrences: Int32?
    public var recurrenceTimeZone: String?

    public init() {}

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case type
        case startDate
        case endDate
        case numberOfOccurrences
        case recurrenceTimeZone
    }
}
