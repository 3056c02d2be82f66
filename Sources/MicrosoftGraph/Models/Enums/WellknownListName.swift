/// Which built-in To Do list a list is, if any.
public enum WellknownListName: String, GraphEnum {
    public static var graphTypeName: String { "wellknownListName" }

    case none
    case defaultList
    case flaggedEmails
    case unknownFutureValue
}
