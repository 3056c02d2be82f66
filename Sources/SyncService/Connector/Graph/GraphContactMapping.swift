import MicrosoftGraph
import SyncEngine

/// Contact fields ⇄ Graph `contact`.
///
/// Graph v1.0 has no fax, assistant, pager or "other" telephone on a contact: those five fields are
/// out of its reach (`fieldsOutOfReach`), neither read nor written, so a number kept in the CRM is
/// never taken for one the user cleared in Outlook. Business and home numbers are arrays of two
/// (`businessPhones`, `homePhones`) and e-mail addresses an array of three: a write of one of them
/// sends the whole array, built from the item's current values.
enum GraphContactMapping {
    static let fieldsOutOfReach: Set<String> = Set([PhoneKind.businessFax, .homeFax, .assistant, .pager, .other].map(\.fieldName))

    static func addressKey(_ kind: SyncEngine.PhysicalAddress.Kind) -> WritableKeyPath<GraphContact, MicrosoftGraph.PhysicalAddress?> {
        switch kind {
        case .business: \.businessAddress
        case .home: \.homeAddress
        case .other: \.otherAddress
        }
    }

    static func fields(of contact: GraphContact) -> FieldSet {
        func text(_ value: String?) -> String? { value.flatMap { $0.isEmpty ? nil : $0 } }
        var phones: [PhoneKind: String] = [:]
        let business = (contact.businessPhones ?? []).compactMap(text)
        let home = (contact.homePhones ?? []).compactMap(text)
        phones[.business] = business.first
        phones[.business2] = business.dropFirst().first
        phones[.home] = home.first
        phones[.home2] = home.dropFirst().first
        phones[.mobile] = text(contact.mobilePhone)
        var addresses: [SyncEngine.PhysicalAddress.Kind: SyncEngine.PhysicalAddress] = [:]
        for kind in SyncEngine.PhysicalAddress.Kind.allCases {
            guard let address = contact[keyPath: addressKey(kind)] else { continue }
            let mapped = SyncEngine.PhysicalAddress(
                street: text(address.street), city: text(address.city), state: text(address.state),
                postalCode: text(address.postalCode), countryOrRegion: text(address.countryOrRegion))
            if mapped != SyncEngine.PhysicalAddress() { addresses[kind] = mapped }
        }
        return ContactFields(
            givenName: text(contact.givenName), middleName: text(contact.middleName), surname: text(contact.surname),
            displayName: text(contact.displayName), companyName: text(contact.companyName), jobTitle: text(contact.jobTitle),
            department: text(contact.department),
            emailAddresses: (contact.emailAddresses ?? []).compactMap { text($0.address) }.prefix(3).map { $0 },
            phones: phones, addresses: addresses, notes: text(contact.personalNotes), categories: contact.categories ?? []
        ).fields
    }

    /// Fields whose values Graph keeps in one array, empty slots dropped: phones two by two,
    /// e-mail addresses three.
    static let positionalGroups: [[String]] = [
        [PhoneKind.business.fieldName, PhoneKind.business2.fieldName], [PhoneKind.home.fieldName, PhoneKind.home2.fieldName],
        FieldName.emailAddresses,
    ]

    /// `fields` read from Graph, with each array group in the base's positions when it holds the
    /// same values in the same order (Graph cannot say which slot was empty).
    static func aligned(_ fields: FieldSet, base: FieldSet) -> FieldSet {
        var result = fields
        for group in positionalGroups {
            let read = group.compactMap { fields[$0] }
            let based = group.compactMap { base[$0] }
            guard read == based, group.map({ fields[$0] }) != group.map({ base[$0] }) else { continue }
            for name in group { result[name] = base[name] }
        }
        return result
    }

    /// A new contact with `fields` (those out of reach left out).
    static func contact(with fields: FieldSet) throws(GraphMappingError) -> GraphContact {
        var contact = GraphContact()
        _ = try write(FieldPatch(from: FieldSet(), to: fields), current: fields, into: &contact)
        return contact
    }

    /// The changes that apply `patch` to an item whose fields are `current` (needed only when the
    /// patch touches part of an array: see `positionalGroups`), and the properties to send as null.
    static func write(_ patch: FieldPatch, current: FieldSet, into contact: inout GraphContact) throws(GraphMappingError)
        -> [GraphContact.CodingKeys]
    {
        let target: ContactFields
        do {
            var merged = current
            for name in patch.fieldNames { merged[name] = patch.values[name] }
            target = try ContactFields(fields: merged)
        } catch {
            throw GraphMappingError(kind: .contact, field: "contact", problem: "\(error)")
        }
        var cleared: [GraphContact.CodingKeys] = []
        func set(_ value: String?, _ key: WritableKeyPath<GraphContact, String?>, _ codingKey: GraphContact.CodingKeys) {
            if let value { contact[keyPath: key] = value } else { cleared.append(codingKey) }
        }
        var touchedPhones = Set<String>()
        for name in patch.fieldNames {
            switch name {
            case FieldName.givenName: set(target.givenName, \.givenName, .givenName)
            case FieldName.middleName: set(target.middleName, \.middleName, .middleName)
            case FieldName.surname: set(target.surname, \.surname, .surname)
            case FieldName.displayName: set(target.displayName, \.displayName, .displayName)
            case FieldName.companyName: set(target.companyName, \.companyName, .companyName)
            case FieldName.jobTitle: set(target.jobTitle, \.jobTitle, .jobTitle)
            case FieldName.department: set(target.department, \.department, .department)
            case FieldName.notes: set(target.notes, \.personalNotes, .personalNotes)
            case FieldName.categories: contact.categories = target.categories
            case _ where FieldName.emailAddresses.contains(name):
                contact.emailAddresses = target.emailAddresses.map { address in
                    var email = MicrosoftGraph.EmailAddress()
                    email.address = address
                    return email
                }
            case PhoneKind.mobile.fieldName: set(target.phones[.mobile], \.mobilePhone, .mobilePhone)
            case _ where PhoneKind(rawValue: name) != nil:
                touchedPhones.insert(name)
            case _ where SyncEngine.PhysicalAddress.Kind.allCases.contains { $0.fieldName == name }:
                let kind = SyncEngine.PhysicalAddress.Kind.allCases.first { $0.fieldName == name }!
                let key = addressKey(kind)
                let address = target.addresses[kind] ?? SyncEngine.PhysicalAddress()
                var graph = MicrosoftGraph.PhysicalAddress()
                graph.street = address.street ?? ""
                graph.city = address.city ?? ""
                graph.state = address.state ?? ""
                graph.postalCode = address.postalCode ?? ""
                graph.countryOrRegion = address.countryOrRegion ?? ""
                contact[keyPath: key] = graph
            default:
                throw GraphMappingError(kind: .contact, field: name, problem: "not a contact field this connector writes")
            }
        }
        if !touchedPhones.isDisjoint(with: [PhoneKind.business.fieldName, PhoneKind.business2.fieldName]) {
            contact.businessPhones = [target.phones[.business], target.phones[.business2]].compactMap { $0 }
        }
        if !touchedPhones.isDisjoint(with: [PhoneKind.home.fieldName, PhoneKind.home2.fieldName]) {
            contact.homePhones = [target.phones[.home], target.phones[.home2]].compactMap { $0 }
        }
        return cleared
    }
}

/// A field the Graph connector cannot map, named with the kind and the problem.
struct GraphMappingError: Error, CustomStringConvertible {
    var kind: EntityKind
    var field: String
    var problem: String
    var description: String { "\(kind.rawValue) field \(field): \(problem)" }
}
