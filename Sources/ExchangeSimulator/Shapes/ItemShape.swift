/// A request's `ItemShape`: base shape plus additional properties.
struct ItemShape: Sendable {
    enum Base: String, Sendable { case idOnly = "IdOnly", defaultShape = "Default", allProperties = "AllProperties" }

    var base: Base
    /// Names of properties asked for by `FieldURI` (`item:Subject` → `Subject`).
    var fieldNames: [String]
    /// `IndexedFieldURI`s: property name → requested FieldIndex values.
    var indexedFields: [String: [String]]
    /// `ExtendedFieldURI` elements as requested (echoed back in responses).
    var extendedFields: [XMLElementNode]

    static let idOnly = ItemShape(base: .idOnly, fieldNames: [], indexedFields: [:], extendedFields: [])

    init(base: Base, fieldNames: [String], indexedFields: [String: [String]], extendedFields: [XMLElementNode]) {
        self.base = base
        self.fieldNames = fieldNames
        self.indexedFields = indexedFields
        self.extendedFields = extendedFields
    }

    init(_ element: XMLElementNode?) {
        base = element?.child("BaseShape").flatMap { Base(rawValue: $0.text) } ?? .idOnly
        fieldNames = []
        indexedFields = [:]
        extendedFields = []
        for path in element?.child("AdditionalProperties")?.children ?? [] {
            switch path.name {
            case "FieldURI":
                if let uri = path[attribute: "FieldURI"] { fieldNames.append(Self.propertyName(of: uri)) }
            case "IndexedFieldURI":
                if let uri = path[attribute: "FieldURI"], let index = path[attribute: "FieldIndex"] {
                    indexedFields[Self.indexedPropertyName(of: uri), default: []].append(index)
                }
            case "ExtendedFieldURI":
                extendedFields.append(path)
            default:
                break
            }
        }
    }

    /// The element name a FieldURI addresses (`calendar:Start` → `Start`).
    static func propertyName(of fieldURI: String) -> String {
        let name = fieldURI.split(separator: ":").last.map(String.init) ?? fieldURI
        switch fieldURI {
        case "item:Body": return "Body"
        case "calendar:UID": return "UID"
        default: return name
        }
    }

    /// The array property an IndexedFieldURI addresses (`contacts:EmailAddress` → `EmailAddresses`).
    static func indexedPropertyName(of fieldURI: String) -> String {
        switch fieldURI {
        case "contacts:EmailAddress": "EmailAddresses"
        case "contacts:PhoneNumber": "PhoneNumbers"
        case "contacts:ImAddress": "ImAddresses"
        case "item:InternetMessageHeader": "InternetMessageHeaders"
        default:
            if fieldURI.hasPrefix("contacts:PhysicalAddress") { "PhysicalAddresses" } else { fieldURI }
        }
    }
}
