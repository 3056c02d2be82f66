import ExchangeWebServices
import SyncEngine

/// Contact fields ⇄ EWS `t:Contact`. The notes are the item body, as Outlook shows them.
enum ContactItemMapping: EWSItemMapping {
    static let kind = EntityKind.contact
    private static let reading = FieldValueReading(kind: .contact)

    static let phoneKeys: [PhoneKind: PhoneNumberKey] = [
        .business: .businessPhone, .business2: .businessPhone2, .mobile: .mobilePhone, .home: .homePhone,
        .home2: .homePhone2, .businessFax: .businessFax, .homeFax: .homeFax, .assistant: .assistantPhone,
        .pager: .pager, .other: .otherTelephone,
    ]

    static let addressKeys: [SyncEngine.PhysicalAddress.Kind: PhysicalAddressKey] = [
        .business: .business, .home: .home, .other: .other,
    ]

    static func fields(of item: Item) throws(EWSMappingError) -> FieldSet {
        guard let contact = item.contact else {
            throw EWSMappingError(kind: kind, field: "item", problem: "expected a Contact item")
        }
        var phones: [PhoneKind: String] = [:]
        for (kind, key) in phoneKeys { phones[kind] = contact.phoneNumbers[key] }
        var addresses: [SyncEngine.PhysicalAddress.Kind: SyncEngine.PhysicalAddress] = [:]
        for (kind, key) in addressKeys {
            guard let address = contact.physicalAddresses[key] else { continue }
            addresses[kind] = SyncEngine.PhysicalAddress(
                street: address.street, city: address.city, state: address.state, postalCode: address.postalCode,
                countryOrRegion: address.countryOrRegion)
        }
        return ContactFields(
            givenName: contact.givenName, middleName: contact.middleName, surname: contact.surname,
            displayName: contact.displayName, companyName: contact.companyName, jobTitle: contact.jobTitle,
            department: contact.department,
            emailAddresses: EmailAddressKey.allCases.compactMap { contact.emailAddresses[$0] }.map(Self.smtpAddress),
            phones: phones, addresses: addresses, notes: contact.notes, categories: contact.categories
        ).fields
    }

    static func newItem(with fields: FieldSet) throws(EWSMappingError) -> Item {
        var contact = Contact()
        for (field, value) in try EWSItemMappings.normalized(fields, kind: kind).values {
            _ = try write(field, value, into: &contact)
        }
        return .contact(contact)
    }

    static func change(for patch: FieldPatch, current: FieldSet?) throws(EWSMappingError) -> (item: Item, fields: [ItemField]) {
        var contact = Contact()
        var fields: [ItemField] = []
        for name in patch.fieldNames { fields += try write(name, patch.values[name], into: &contact) }
        return (.contact(contact), fields)
    }

    /// Writes one engine field (`nil`: cleared) and returns the EWS fields it touches.
    static func write(_ field: String, _ value: FieldValue?, into contact: inout Contact) throws(EWSMappingError) -> [ItemField] {
        switch field {
        case FieldName.givenName:
            contact.givenName = try reading.text(value, field)
            return [.givenName]
        case FieldName.middleName:
            contact.middleName = try reading.text(value, field)
            return [.middleName]
        case FieldName.surname:
            contact.surname = try reading.text(value, field)
            return [.surname]
        case FieldName.displayName:
            contact.displayName = try reading.text(value, field)
            return [.displayName]
        case FieldName.companyName:
            contact.companyName = try reading.text(value, field)
            return [.companyName]
        case FieldName.jobTitle:
            contact.jobTitle = try reading.text(value, field)
            return [.jobTitle]
        case FieldName.department:
            contact.department = try reading.text(value, field)
            return [.department]
        case FieldName.notes:
            contact.notes = try reading.text(value, field)
            return [.body]
        case FieldName.categories:
            contact.categories = try reading.texts(value, field)
            return [.categories]
        default:
            break
        }
        if let index = FieldName.emailAddresses.firstIndex(of: field) {
            let key = EmailAddressKey.allCases[index]
            contact.emailAddresses[key] = try reading.text(value, field)
            return [.emailAddress(key)]
        }
        if let phone = PhoneKind(rawValue: field), let key = phoneKeys[phone] {
            contact.phoneNumbers[key] = try reading.text(value, field)
            return [.phoneNumber(key)]
        }
        if let kind = SyncEngine.PhysicalAddress.Kind.allCases.first(where: { $0.fieldName == field }), let key = addressKeys[kind] {
            let map = try reading.map(value, field) ?? [:]
            var address = ExchangeWebServices.PhysicalAddress()
            address.street = try reading.text(map["street"], field + ".street")
            address.city = try reading.text(map["city"], field + ".city")
            address.state = try reading.text(map["state"], field + ".state")
            address.postalCode = try reading.text(map["postalCode"], field + ".postalCode")
            address.countryOrRegion = try reading.text(map["countryOrRegion"], field + ".countryOrRegion")
            contact.physicalAddresses[key] = address.isEmpty ? nil : address
            return PhysicalAddressPart.allCases.map { .physicalAddress(key, $0) }
        }
        throw EWSMappingError(kind: kind, field: field, problem: "not a contact field this connector writes")
    }

    /// Exchange may return an address with its routing prefix (`SMTP:alice@example.com`).
    private static func smtpAddress(_ text: String) -> String {
        text.lowercased().hasPrefix("smtp:") ? String(text.dropFirst(5)) : text
    }
}
