/// The identity of a MAPI property addressed by an `ExtendedFieldURI`: a named property
/// (property set GUID + name or id) or a tagged property. `DistinguishedPropertySetId`
/// names resolve to their GUIDs, so `PublicStrings` and its GUID address the same property.
public struct ExtendedPropertyKey: Sendable, Hashable, CustomStringConvertible {
    public var identity: String
    public var propertyType: String

    static let distinguishedSets: [String: String] = [
        "PublicStrings": "00020329-0000-0000-c000-000000000046",
        "Common": "00062008-0000-0000-c000-000000000046",
        "Appointment": "00062002-0000-0000-c000-000000000046",
        "Meeting": "6ed8da90-450b-101b-98da-00aa003f1305",
        "Task": "00062003-0000-0000-c000-000000000046",
        "Address": "00062004-0000-0000-c000-000000000046",
        "InternetHeaders": "00020386-0000-0000-c000-000000000046",
        "CalendarAssistant": "11000e07-b51b-40d6-af21-caa85edab1d0",
        "UnifiedMessaging": "4442858e-a9e3-4e80-b900-317a210cc15b",
        "Sharing": "00062040-0000-0000-c000-000000000046",
    ]

    /// Reads an `ExtendedFieldURI` element; nil when it addresses nothing usable.
    init?(fieldURI: XMLElementNode) {
        guard let type = fieldURI[attribute: "PropertyType"] else { return nil }
        propertyType = type
        if let tag = fieldURI[attribute: "PropertyTag"] {
            let digits = tag.lowercased().hasPrefix("0x") ? String(tag.dropFirst(2)) : tag
            guard let value = Int(digits, radix: tag.lowercased().hasPrefix("0x") ? 16 : 10) else { return nil }
            identity = "tag:\(value)"
            return
        }
        var set: String?
        if let distinguished = fieldURI[attribute: "DistinguishedPropertySetId"] {
            set = Self.distinguishedSets[distinguished]
        } else if let guid = fieldURI[attribute: "PropertySetId"] {
            set = guid.lowercased().trimmingCharacters(in: ["{", "}"])
        }
        guard let set else { return nil }
        if let name = fieldURI[attribute: "PropertyName"] {
            // Named-property names are case-sensitive in MAPI.
            identity = "\(set)|name:\(name)"
        } else if let id = fieldURI[attribute: "PropertyId"], let number = Int(id) {
            identity = "\(set)|id:\(number)"
        } else {
            return nil
        }
    }

    public var description: String { "\(identity) (\(propertyType))" }
}
