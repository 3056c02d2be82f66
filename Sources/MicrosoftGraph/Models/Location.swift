/// Where an event takes place.
public struct Location: GraphModel {
    public static var graphTypeName: String { "location" }

    public var displayName: String?
    public var locationType: LocationType?
    public var locationUri: String?
    public var uniqueId: String?
    public var address: PhysicalAddress?

    public init() {}

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case displayName
        case locationType
        case locationUri
        case uniqueId
        case address
    }
}
