/// The importance of an item.
public enum Importance: String, GraphEnum {
    public static var graphTypeName: String { "importance" }

    case low
    case normal
    case high
}
