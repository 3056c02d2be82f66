import Foundation

/// Graph's `singleValueExtendedProperties` ids (`String {00020329-0000-0000-C000-000000000046} Name PrextraRecordId`,
/// `String {guid} Id 0x8005`, `String 0x0037`) against the store's EWS extended properties. Both
/// protocols address the same MAPI property: a PublicStrings property written through EWS reads
/// through Graph and the reverse. GUIDs compare case-insensitively; a property written through
/// Graph is echoed with the GUID as it was written.
struct GraphExtendedProperty {
    var key: ExtendedPropertyKey
    /// The id as Graph shows it.
    var graphId: String

    static let publicStrings = "{00020329-0000-0000-C000-000000000046}"

    /// Parses a Graph id; nil when it is not one of the three forms.
    init?(graphId: String) {
        let parts = graphId.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard let type = parts.first, Self.scalarTypes.contains(type) else { return nil }
        var uri = XMLElementNode.t("ExtendedFieldURI", attributes: ["PropertyType": type])
        if parts.count == 2, parts[1].lowercased().hasPrefix("0x") {
            uri.setAttribute("PropertyTag", parts[1])
        } else if parts.count >= 4, parts[1].hasPrefix("{"), parts[1].hasSuffix("}"), UUID(uuidString: String(parts[1].dropFirst().dropLast())) != nil {
            uri.setAttribute("PropertySetId", String(parts[1].dropFirst().dropLast()))
            switch parts[2].lowercased() {
            case "name":
                uri.setAttribute("PropertyName", parts[3...].joined(separator: " "))
            case "id":
                guard parts.count == 4 else { return nil }
                let text = parts[3]
                guard let number = text.lowercased().hasPrefix("0x") ? Int(text.dropFirst(2), radix: 16) : Int(text) else { return nil }
                uri.setAttribute("PropertyId", String(number))
            default:
                return nil
            }
        } else {
            return nil
        }
        guard let key = ExtendedPropertyKey(fieldURI: uri) else { return nil }
        self.key = key
        self.graphId = graphId
        self.fieldURI = uri
    }

    /// The `ExtendedFieldURI` the property is stored under.
    var fieldURI: XMLElementNode

    /// The stored EWS element for a value written through Graph.
    func element(value: String) -> XMLElementNode {
        .t("ExtendedProperty", children: [fieldURI, .t("Value", value)])
    }

    /// Graph's id for a stored property (written through either protocol).
    static func graphId(of stored: XMLElementNode, key: ExtendedPropertyKey) -> String? {
        guard let uri = stored.child("ExtendedFieldURI") else { return nil }
        let type = key.propertyType
        if let tag = uri[attribute: "PropertyTag"] {
            guard let value = tag.lowercased().hasPrefix("0x") ? Int(tag.dropFirst(2), radix: 16) : Int(tag) else { return nil }
            let hex = String(value, radix: 16)
            return "\(type) 0x\(String(repeating: "0", count: max(0, 4 - hex.count)))\(hex)"
        }
        var set: String
        if let guid = uri[attribute: "PropertySetId"] {
            set = "{" + guid.trimmingCharacters(in: ["{", "}"]) + "}"
        } else if let name = uri[attribute: "DistinguishedPropertySetId"], let guid = ExtendedPropertyKey.distinguishedSets[name] {
            set = "{" + guid.uppercased() + "}"
        } else {
            return nil
        }
        if set.isEmpty { return nil }
        if let name = uri[attribute: "PropertyName"] { return "\(type) \(set) Name \(name)" }
        if let id = uri[attribute: "PropertyId"], let number = Int(id) { return "\(type) \(set) Id 0x\(String(number, radix: 16))" }
        return nil
    }

    /// The stored value as Graph writes it (single-valued properties only).
    static func value(of stored: XMLElementNode) -> String? {
        stored.child("Value")?.text
    }

    static let scalarTypes: Set<String> = [
        "String", "Integer", "Boolean", "SystemTime", "Binary", "Long", "Double", "Short", "Float", "Currency", "CLSID",
        "ApplicationTime", "Object",
    ]

    /// Reads a body's `singleValueExtendedProperties` into stored elements.
    static func elements(from value: GraphJSON?) throws(GraphError) -> [(ExtendedPropertyKey, XMLElementNode)] {
        guard let value, !value.isNull else { return [] }
        guard let list = value.arrayValue else { throw GraphError.badRequest("singleValueExtendedProperties must be a collection.", code: "RequestBodyRead") }
        var result: [(ExtendedPropertyKey, XMLElementNode)] = []
        for entry in list {
            guard let id = entry["id"]?.stringValue, let property = GraphExtendedProperty(graphId: id) else {
                throw GraphError.badRequest(
                    "The extended property id '\(entry["id"]?.stringValue ?? "")' is not valid: use '{Type} {guid} Name {name}', '{Type} {guid} Id {id}' or '{Type} {tag}'.",
                    code: "ErrorInvalidProperty")
            }
            let text: String
            switch entry["value"] {
            case .string(let string)?: text = string
            case .null?, nil: text = ""
            default:
                throw GraphError.badRequest("The value of extended property '\(id)' must be a string.", code: "RequestBodyRead")
            }
            let element = property.element(value: text)
            do throws(EWSError) {
                try ExtendedPropertyValue.check(element, type: property.key.propertyType)
            } catch {
                throw GraphError.badRequest("The value '\(text)' is not valid for extended property '\(id)'.", code: "ErrorInvalidExtendedPropertyValue")
            }
            result.append((property.key, element))
        }
        return result
    }

    /// Renders the properties of an item that `filter` selects (nil: all of them).
    static func render(_ item: StoredItem, selecting ids: [String]?) -> GraphJSON? {
        var values: [GraphJSON] = []
        let wanted = ids?.compactMap { GraphExtendedProperty(graphId: $0) }
        for (key, stored) in item.extendedProperties.sorted(by: { $0.key.description < $1.key.description }) {
            if let wanted, !wanted.contains(where: { $0.key == key }) { continue }
            guard let value = value(of: stored) else { continue }
            // The id as it was written (through Graph or EWS), whatever case the filter used.
            guard let id = graphId(of: stored, key: key) else { continue }
            values.append(.fields(["id": .string(id), "value": .string(value)]))
        }
        return values.isEmpty ? nil : .array(values)
    }
}
