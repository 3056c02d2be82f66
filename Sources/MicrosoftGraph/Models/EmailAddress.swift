/// A name and an SMTP address.
public struct EmailAddress: GraphModel {
    public static var graphTypeName: String { "emailAddress" }

    public var name: String?
    public var address: String?

    public init() {}

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case name
        case address
    }
}
