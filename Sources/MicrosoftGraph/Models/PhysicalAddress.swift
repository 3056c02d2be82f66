/// A postal address.
public struct PhysicalAddress: GraphModel {
    public static var graphTypeName: String { "physicalAddress" }

    public var street: String?
    public var city: String?
    public var state: String?
    public var postalCode: String?
    public var countryOrRegion: String?

    public init() {}

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case street
        case city
        case state
        case postalCode
        case countryOrRegion
    }
}
