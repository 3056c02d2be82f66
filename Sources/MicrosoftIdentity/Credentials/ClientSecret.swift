import Foundation

/// A client secret's value. It never appears in `description`, interpolation or dumps.
public struct ClientSecret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    let value: String
    /// When the secret expires (`ClientSecretExpiresOn` in the configuration), if known.
    public var expiresOn: Date?

    public init(_ value: String, expiresOn: Date? = nil) {
        self.value = value
        self.expiresOn = expiresOn
    }

    public var isEmpty: Bool { value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }

    /// Whether the value has the shape of a GUID: the portal's "Secret ID", copied by mistake
    /// instead of the secret's value (values are ~40 characters and are not GUIDs).
    public var looksLikeSecretID: Bool { UUID(uuidString: value.trimmingCharacters(in: .whitespaces)) != nil }

    /// Whether the value has leading or trailing whitespace, a common copy-paste accident.
    public var hasSurroundingWhitespace: Bool { value != value.trimmingCharacters(in: .whitespacesAndNewlines) }

    public var description: String { "ClientSecret(<redacted>)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
