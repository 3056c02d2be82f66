import Foundation

/// Graph `contact` JSON against the store's EWS Contact properties, both ways. Properties of the
/// CSDL that are not mapped here are accepted (contact is an open type) and not stored.
enum GraphContactMapping {
    static let simple: [(graph: String, ews: String)] = [
        ("givenName", "GivenName"), ("surname", "Surname"), ("middleName", "MiddleName"), ("displayName", "DisplayName"),
        ("companyName", "CompanyName"), ("jobTitle", "JobTitle"), ("department", "Department"), ("fileAs", "FileAs"),
        ("nickName", "Nickname"), ("initials", "Initials"), ("mobilePhone", "MobilePhone"),
    ]
    static let addresses: [(graph: String, key: String)] = [
        ("businessAddress", "Business"), ("homeAddress", "Home"), ("otherAddress", "Other"),
    ]
    static let addressParts: [(graph: String, ews: String)] = [
        ("street", "Street"), ("city", "City"), ("state", "State"), ("countryOrRegion", "CountryOrRegion"), ("postalCode", "PostalCode"),
    ]

    static func changes(from body: GraphJSON, existing: StoredItem?) throws(GraphError) -> GraphEventMapping.Changes {
        var changes = GraphEventMapping.Changes()
        var phones = existing?.property("PhoneNumbers")?.children("Entry") ?? []
        var phonesChanged = false
        for (graph, ews) in simple {
            guard let value = body[graph] else { continue }
            if ews == "MobilePhone" {
                phonesChanged = true
                phones.removeAll { $0[attribute: "Key"] == "MobilePhone" }
                if let text = value.stringValue, !text.isEmpty { phones.append(.t("Entry", text, attributes: ["Key": "MobilePhone"])) }
                continue
            }
            if let text = value.stringValue { changes.set.append(.t(ews, text)) } else { changes.remove.append(ews) }
        }
        for (graph, keys) in [("businessPhones", ["BusinessPhone", "BusinessPhone2"]), ("homePhones", ["HomePhone", "HomePhone2"])] {
            guard let value = body[graph] else { continue }
            phonesChanged = true
            phones.removeAll { keys.contains($0[attribute: "Key"] ?? "") }
            for (key, number) in zip(keys, (value.arrayValue ?? []).compactMap(\.stringValue)) {
                phones.append(.t("Entry", number, attributes: ["Key": key]))
            }
        }
        if phonesChanged {
            if phones.isEmpty { changes.remove.append("PhoneNumbers") } else { changes.set.append(.t("PhoneNumbers", children: phones)) }
        }
        if let value = body["emailAddresses"] {
            let entries = (value.arrayValue ?? []).prefix(3).enumerated().compactMap { index, entry -> XMLElementNode? in
                guard let address = entry["address"]?.stringValue else { return nil }
                var attributes = ["Key": "EmailAddress\(index + 1)"]
                if let name = entry["name"]?.stringValue { attributes["Name"] = name }
                return .t("Entry", address, attributes: attributes)
            }
            if entries.isEmpty { changes.remove.append("EmailAddresses") } else { changes.set.append(.t("EmailAddresses", children: entries)) }
        }
        var physical = existing?.property("PhysicalAddresses")?.children("Entry") ?? []
        var physicalChanged = false
        for (graph, key) in addresses {
            guard let value = body[graph] else { continue }
            physicalChanged = true
            physical.removeAll { $0[attribute: "Key"] == key }
            let parts = addressParts.compactMap { part -> XMLElementNode? in
                guard let text = value[part.graph]?.stringValue, !text.isEmpty else { return nil }
                return .t(part.ews, text)
            }
            if !parts.isEmpty { physical.append(.t("Entry", attributes: ["Key": key], children: parts)) }
        }
        if physicalChanged {
            if physical.isEmpty { changes.remove.append("PhysicalAddresses") } else { changes.set.append(.t("PhysicalAddresses", children: physical)) }
        }
        if let value = body["personalNotes"] {
            if let text = value.stringValue { changes.set.append(.t("Body", text, attributes: ["BodyType": "Text"])) } else { changes.remove.append("Body") }
        }
        if let categories = body["categories"] {
            let names = categories.arrayValue?.compactMap(\.stringValue) ?? []
            if names.isEmpty { changes.remove.append("Categories") } else { changes.set.append(.t("Categories", children: names.map { .t("String", $0) })) }
        }
        changes.extended = try GraphExtendedProperty.elements(from: body["singleValueExtendedProperties"])
        return changes
    }

    static func render(_ item: StoredItem, options: GraphRenderOptions) -> GraphJSON {
        var fields: [GraphJSON.Member] = [
            .init("@odata.etag", .string(GraphEventMapping.etag(item.changeKey))),
            .init("id", .string(GraphIds.restId(of: item, immutable: options.immutableIds))),
        ]
        func add(_ name: String, _ value: GraphJSON) {
            if options.includes(name) { fields.append(.init(name, value)) }
        }
        add("createdDateTime", .string(GraphDateTime.formatSeconds(item.created)))
        add("lastModifiedDateTime", .string(GraphDateTime.formatSeconds(item.lastModified)))
        add("changeKey", .string(item.changeKey))
        add("categories", .array((item.property("Categories")?.children("String") ?? []).map { .string($0.text) }))
        add("parentFolderId", .string(GraphIds.restId(fromEWS: item.folderId)))
        let phones = item.property("PhoneNumbers")?.children("Entry") ?? []
        func phone(_ key: String) -> String? { phones.first { $0[attribute: "Key"] == key }?.text }
        for (graph, ews) in simple {
            let text = ews == "MobilePhone" ? phone("MobilePhone") : item.property(ews)?.text
            add(graph, text.map(GraphJSON.string) ?? .null)
        }
        add("businessPhones", .array(["BusinessPhone", "BusinessPhone2"].compactMap(phone).map(GraphJSON.string)))
        add("homePhones", .array(["HomePhone", "HomePhone2"].compactMap(phone).map(GraphJSON.string)))
        let emails = (item.property("EmailAddresses")?.children("Entry") ?? []).sorted { ($0[attribute: "Key"] ?? "") < ($1[attribute: "Key"] ?? "") }
        add("emailAddresses", .array(emails.map { .fields(["name": .string($0[attribute: "Name"] ?? $0.text), "address": .string($0.text)]) }))
        let physical = item.property("PhysicalAddresses")?.children("Entry") ?? []
        for (graph, key) in addresses {
            let entry = physical.first { $0[attribute: "Key"] == key }
            var parts: [GraphJSON.Member] = []
            for part in addressParts {
                let text = entry?.child(part.ews)?.text
                parts.append(GraphJSON.Member(part.graph, text.map(GraphJSON.string) ?? GraphJSON.null))
            }
            add(graph, .object(parts))
        }
        add("personalNotes", .string(item.property("Body")?.text ?? ""))
        if let expanded = options.expandedExtendedProperties,
            let values = GraphExtendedProperty.render(item, selecting: expanded.isEmpty ? nil : expanded)
        {
            fields.append(.init("singleValueExtendedProperties", values))
        }
        return .object(fields)
    }
}
