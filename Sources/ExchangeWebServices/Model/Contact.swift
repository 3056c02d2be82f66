/// A contact (`t:Contact`). Its notes are the item body, as Outlook shows them.
public struct Contact: Hashable, Sendable, ItemPropertiesContainer {
    public var properties: ItemProperties
    public var fileAs: String?
    public var displayName: String?
    public var givenName: String?
    public var middleName: String?
    public var nickname: String?
    public var companyName: String?
    public var emailAddresses: [EmailAddressKey: String] = [:]
    public var physicalAddresses: [PhysicalAddressKey: PhysicalAddress] = [:]
    public var phoneNumbers: [PhoneNumberKey: String] = [:]
    public var department: String?
    public var jobTitle: String?
    public var surname: String?

    public init(properties: ItemProperties = ItemProperties()) {
        self.properties = properties
    }

    /// The notes, stored as the contact's body.
    public var notes: String? {
        get { properties.body?.content }
        set { properties.body = newValue.map { ItemBody($0) } }
    }
}

public enum EmailAddressKey: String, Hashable, Sendable, CaseIterable {
    case emailAddress1 = "EmailAddress1", emailAddress2 = "EmailAddress2", emailAddress3 = "EmailAddress3"
}

public enum PhoneNumberKey: String, Hashable, Sendable, CaseIterable {
    case assistantPhone = "AssistantPhone", businessFax = "BusinessFax", businessPhone = "BusinessPhone"
    case businessPhone2 = "BusinessPhone2", callback = "Callback", carPhone = "CarPhone", companyMainPhone = "CompanyMainPhone"
    case homeFax = "HomeFax", homePhone = "HomePhone", homePhone2 = "HomePhone2", isdn = "Isdn", mobilePhone = "MobilePhone"
    case otherFax = "OtherFax", otherTelephone = "OtherTelephone", pager = "Pager", primaryPhone = "PrimaryPhone"
    case radioPhone = "RadioPhone", telex = "Telex", ttyTddPhone = "TtyTddPhone"
}

public enum PhysicalAddressKey: String, Hashable, Sendable, CaseIterable {
    case home = "Home", business = "Business", other = "Other"
}

public struct PhysicalAddress: Hashable, Sendable {
    public var street: String?
    public var city: String?
    public var state: String?
    public var countryOrRegion: String?
    public var postalCode: String?

    public init(
        street: String? = nil, city: String? = nil, state: String? = nil, countryOrRegion: String? = nil,
        postalCode: String? = nil
    ) {
        self.street = street
        self.city = city
        self.state = state
        self.countryOrRegion = countryOrRegion
        self.postalCode = postalCode
    }

    public var isEmpty: Bool { [street, city, state, countryOrRegion, postalCode].allSatisfy { $0 == nil } }
}
