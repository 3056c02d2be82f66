/// A contact as both sides hold it.
public struct ContactFields: EntityFields, Codable {
    public static let kind = EntityKind.contact

    public var givenName: String?
    public var middleName: String?
    public var surname: String?
    public var displayName: String?
    public var companyName: String?
    public var jobTitle: String?
    public var department: String?
    /// Up to three e-mail addresses (Outlook's Email1–Email3), stored in lower case.
    public var emailAddresses: [String]
    public var phones: [PhoneKind: String]
    public var addresses: [PhysicalAddress.Kind: PhysicalAddress]
    public var notes: String?
    public var categories: [String]

    public init(
        givenName: String? = nil, middleName: String? = nil, surname: String? = nil, displayName: String? = nil,
        companyName: String? = nil, jobTitle: String? = nil, department: String? = nil, emailAddresses: [String] = [],
        phones: [PhoneKind: String] = [:], addresses: [PhysicalAddress.Kind: PhysicalAddress] = [:], notes: String? = nil,
        categories: [String] = []
    ) {
        self.givenName = TextNormalization.trimmed(givenName)
        self.middleName = TextNormalization.trimmed(middleName)
        self.surname = TextNormalization.trimmed(surname)
        self.displayName = TextNormalization.trimmed(displayName)
        self.companyName = TextNormalization.trimmed(companyName)
        self.jobTitle = TextNormalization.trimmed(jobTitle)
        self.department = TextNormalization.trimmed(department)
        self.emailAddresses = Array(emailAddresses.compactMap(TextNormalization.email).prefix(3))
        self.phones = phones.compactMapValues(TextNormalization.trimmed)
        self.addresses = addresses.filter { !$0.value.isEmpty }
        self.notes = TextNormalization.trimmed(notes)
        self.categories = TextNormalization.categories(categories)
    }

    public init(fields: FieldSet) throws(FieldSetDecodingError) {
        let reader = FieldReader(kind: Self.kind, fields: fields)
        var phones: [PhoneKind: String] = [:]
        for kind in PhoneKind.allCases { phones[kind] = try reader.text(kind.fieldName) }
        var addresses: [PhysicalAddress.Kind: PhysicalAddress] = [:]
        for kind in PhysicalAddress.Kind.allCases {
            if let map = try reader.map(kind.fieldName) { addresses[kind] = try PhysicalAddress(reading: map) }
        }
        var emails: [String] = []
        for field in FieldName.emailAddresses {
            if let email = try reader.text(field) { emails.append(email) }
        }
        self.init(
            givenName: try reader.text(FieldName.givenName), middleName: try reader.text(FieldName.middleName),
            surname: try reader.text(FieldName.surname), displayName: try reader.text(FieldName.displayName),
            companyName: try reader.text(FieldName.companyName), jobTitle: try reader.text(FieldName.jobTitle),
            department: try reader.text(FieldName.department), emailAddresses: emails, phones: phones,
            addresses: addresses, notes: try reader.text(FieldName.notes),
            categories: try reader.texts(FieldName.categories))
    }

    public var fields: FieldSet { normalized.unnormalizedFields }

    /// The same contact through the normalising initializer (properties may have been set directly).
    private var normalized: ContactFields {
        ContactFields(
            givenName: givenName, middleName: middleName, surname: surname, displayName: displayName,
            companyName: companyName, jobTitle: jobTitle, department: department, emailAddresses: emailAddresses,
            phones: phones, addresses: addresses, notes: notes, categories: categories)
    }

    private var unnormalizedFields: FieldSet {
        var writer = FieldWriter()
        writer.set(FieldName.givenName, text: givenName)
        writer.set(FieldName.middleName, text: middleName)
        writer.set(FieldName.surname, text: surname)
        writer.set(FieldName.displayName, text: displayName)
        writer.set(FieldName.companyName, text: companyName)
        writer.set(FieldName.jobTitle, text: jobTitle)
        writer.set(FieldName.department, text: department)
        for (field, email) in zip(FieldName.emailAddresses, emailAddresses) { writer.set(field, text: email) }
        for (kind, number) in phones { writer.set(kind.fieldName, text: number) }
        for (kind, address) in addresses { writer.set(kind.fieldName, address.fieldValue) }
        writer.set(FieldName.notes, text: notes)
        writer.set(FieldName.categories, .list(TextNormalization.categories(categories).map(FieldValue.text)))
        return writer.fieldSet
    }
}
