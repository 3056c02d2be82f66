/// The sender or a recipient of a message, or an organizer.
public struct Recipient: GraphModel {
    public static var graphTypeName: String { "recipient" }

    public var emailAddress: EmailAddress?

    public init() {}

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case emailAddress
    }
}
