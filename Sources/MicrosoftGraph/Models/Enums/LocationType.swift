/// The kind of place a location is.
public enum LocationType: String, GraphEnum {
    public static var graphTypeName: String { "locationType" }

    case `default`
    case conferenceRoom
    case homeAddress
    case businessAddress
    case geoCoordinates
    case streetAddress
    case hotel
    case restaurant
    case localBusiness
    case postalAddress
}
