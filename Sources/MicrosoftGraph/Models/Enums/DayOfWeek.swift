/// A day of the week.
public enum DayOfWeek: String, GraphEnum {
    public static var graphTypeName: String { "dayOfWeek" }

    case sunday
    case monday
    case tuesday
    case wednesday
    case thursday
    case friday
    case saturday
}
