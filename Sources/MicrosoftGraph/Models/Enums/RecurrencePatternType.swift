/// How often a series repeats.
public enum RecurrencePatternType: String, GraphEnum {
    public static var graphTypeName: String { "recurrencePatternType" }

    case daily
    case weekly
    case absoluteMonthly
    case relativeMonthly
    case absoluteYearly
    case relativeYearly
}
