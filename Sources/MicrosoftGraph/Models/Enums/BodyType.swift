/// The format of an item body.
public enum BodyType: String, GraphEnum {
    public static var graphTypeName: String { "bodyType" }

    case text
    case html
}
