/// One id translated by `translateExchangeIds`: the target id, or the error for that id.
public struct ConvertIdResult: GraphModel {
    public static var graphTypeName: String { "convertIdResult" }

    public var sourceId: String?
    public var targetId: String?
    public var errorDetails: GenericError?

    public init() {}

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case sourceId
        case targetId
        case errorDetails
    }
}
