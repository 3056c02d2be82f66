/// A meeting attendee. Attendees are synchronized, but invitations go out only when the policy asks.
public struct Attendee: Codable, Sendable, Hashable {
    public enum Role: String, Codable, Sendable, CaseIterable, Hashable {
        case required, optional, resource
    }

    /// Stored in lower case: addresses compare case-insensitively.
    public var email: String
    public var name: String?
    public var role: Role

    public init(email: String, name: String? = nil, role: Role = .required) {
        self.email = TextNormalization.email(email) ?? ""
        self.name = TextNormalization.trimmed(name)
        self.role = role
    }

    var fieldValue: FieldValue? {
        var writer = FieldWriter()
        writer.set("email", text: email)
        writer.set("name", text: name)
        writer.set("role", text: role.rawValue)
        return writer.map
    }

    init(reading reader: FieldReader) throws(FieldSetDecodingError) {
        guard let email = try reader.text("email") else { throw reader.failure("email", "an e-mail address") }
        self.init(email: email, name: try reader.text("name"), role: try reader.enumeration("role", Role.self) ?? .required)
    }

    /// Attendees in a stable order (by address, then role), one entry per address.
    static func normalized(_ attendees: [Attendee]) -> [Attendee] {
        var seen = Set<String>()
        return attendees.filter { !$0.email.isEmpty && seen.insert($0.email).inserted }
            .sorted { $0.email < $1.email }
    }
}
