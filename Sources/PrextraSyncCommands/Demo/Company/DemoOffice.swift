/// An office of the demo company: where its employees work and which IANA zone they live in.
struct DemoOffice: Sendable, Hashable {
    var city: String
    var country: String
    /// IANA time zone id, as the CRM stores it.
    var timeZone: String
    var street: String
    var postalCode: String
    var phonePrefix: String

    static let zurich = DemoOffice(
        city: "Zürich", country: "Switzerland", timeZone: "Europe/Zurich", street: "Hardturmstrasse 101", postalCode: "8005",
        phonePrefix: "+41 44 555")
    static let paris = DemoOffice(
        city: "Paris", country: "France", timeZone: "Europe/Paris", street: "12 rue de la Paix", postalCode: "75002",
        phonePrefix: "+33 1 55 55")
    static let newYork = DemoOffice(
        city: "New York", country: "United States", timeZone: "America/New_York", street: "350 Fifth Avenue",
        postalCode: "10118", phonePrefix: "+1 212 555")
    static let tokyo = DemoOffice(
        city: "Tokyo", country: "Japan", timeZone: "Asia/Tokyo", street: "1-1 Marunouchi, Chiyoda-ku", postalCode: "100-0005",
        phonePrefix: "+81 3 5555")
    static let london = DemoOffice(
        city: "London", country: "United Kingdom", timeZone: "Europe/London", street: "30 St Mary Axe", postalCode: "EC3A 8BF",
        phonePrefix: "+44 20 7555")
    static let sanFrancisco = DemoOffice(
        city: "San Francisco", country: "United States", timeZone: "America/Los_Angeles", street: "101 California Street",
        postalCode: "94111", phonePrefix: "+1 415 555")
    static let singapore = DemoOffice(
        city: "Singapore", country: "Singapore", timeZone: "Asia/Singapore", street: "8 Marina Boulevard", postalCode: "018981",
        phonePrefix: "+65 6555")
    static let sydney = DemoOffice(
        city: "Sydney", country: "Australia", timeZone: "Australia/Sydney", street: "1 Macquarie Place", postalCode: "2000",
        phonePrefix: "+61 2 5555")
}
