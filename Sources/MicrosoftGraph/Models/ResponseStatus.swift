/// An answer to a meeting request and when it was given.
public struct ResponseStatus: GraphModel {
    public static var graphTypeName: String { "responseStatus" }

    public var response: ResponseType?
    public var time: EdmDateTimeOffset?

    public init() {}

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case response
        case time
    }
}
