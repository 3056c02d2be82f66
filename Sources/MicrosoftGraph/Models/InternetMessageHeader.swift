/// One header of a message (`internetMessageHeader`): Graph returns them only when `$select` names
/// `internetMessageHeaders`. `In-Reply-To` and `References` are not properties of `message`.
public struct InternetMessageHeader: GraphModel {
    public static var graphTypeName: String { "internetMessageHeader" }

    public var name: String?
    public var value: String?

    public init() {}

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case name
        case value
    }
}
