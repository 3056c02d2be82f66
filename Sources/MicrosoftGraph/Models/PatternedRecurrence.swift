/// The recurrence of a series: how it repeats and how long.
public struct PatternedRecurrence: GraphModel {
    public static var graphTypeName: String { "patternedRecurrence" }

    public var pattern: RecurrencePattern?
    public var range: RecurrenceRange?

    public init() {}

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case pattern
        case range
    }
}
