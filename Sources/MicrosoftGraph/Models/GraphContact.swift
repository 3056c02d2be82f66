/// An Outlook contact (`contact`).
public struct GraphContact: GraphModel {
    public static var graphTypeName: String { "contact" }

    public var id: String?
    public var etag: String?
    public var changeKey: String?
    public var createdDateTime: EdmDateTimeOffset?
    public var lastModifiedDateTime: EdmDateTimeOffset?
    public var categories: [String]?
    public var parentFolderId: String?
    public var displayName: String?
    public var givenName: String?
    public var middleName: String?
    public var surname: String?
    public var title: String?
    public var initials: String?
    public var nickName: String?
    public var generation: String?
    public var fileAs: String?
    public var companyName: String?
    public var department: String?
    public var jobTitle: String?
    public var officeLocation: String?
    public var profession: String?
    public var manager: String?
    public var assistantName: String?
    public var emailAddresses: [EmailAddress]?
    public var businessPhones: [String]?
    public var homePhones: [String]?
    public var mobilePhone: String?
    public var businessAddress: PhysicalAddress?
    public var homeAddress: PhysicalAddress?
    public var otherAddress: PhysicalAddress?
    public var businessHomePage: String?
    public var personalNotes: String?
    public var birthday: EdmDateTimeOffset?
    public var singleValueExtendedProperties: [GraphExtendedProperty]?

    public init() {}

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case id
        case etag = "@odata.etag"
        case changeKey
        case createdDateTime
        case lastModifiedDateTime
        case categories
        case parentFolderId
        case displayName
        case givenName
        case middleName
        case surname
        case title
        case initials
        case nickName
        case generation
        case fileAs
        case companyName
        case department
        case jobTitle
        case officeLocation
        case profession
        case manager
        case assistantName
        case emailAddresses
        case businessPhones
        case homePhones
        case mobilePhone
        case businessAddress
        case homeAddress
        case otherAddress
        case businessHomePage
        case personalNotes
        case birthday
        case singleValueExtendedProperties
    }
}
