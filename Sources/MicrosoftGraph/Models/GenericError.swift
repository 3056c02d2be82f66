/// The error of one id in a `translateExchangeIds` answer.
public struct GenericError: GraphModel {
    public static var graphTypeName: String { "genericError" }

    public var code: String?
    public var message: String?

    public init() {}

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case code
        case message
    }
}
