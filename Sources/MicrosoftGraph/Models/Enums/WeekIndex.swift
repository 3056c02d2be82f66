/// Which week of the month a relative pattern means.
public enum WeekIndex: String, GraphEnum {
    public static var graphTypeName: String { "weekIndex" }

    case first
    case second
    case third
    case fourth
    case last
}
