/// How a series ends.
public enum RecurrenceRangeType: String, GraphEnum {
    public static var graphTypeName: String { "recurrenceRangeType" }

    case endDate
    case noEnd
    case numbered
}
