/// The sensitivity (privacy) of an item.
public enum Sensitivity: String, GraphEnum {
    public static var graphTypeName: String { "sensitivity" }

    case normal
    case personal
    case `private`
    case confidential
}
