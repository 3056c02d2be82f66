/// A secret value (client secret, private key, API key, connection string with a password).
///
/// Its `description`, `debugDescription` and mirror never show the value, so that string
/// interpolation, `print`, `dump` and loggers cannot leak it by accident. Read `value` only
/// where the secret is actually sent (the token request, the HMAC, the database driver).
/// `==` is an ordinary comparison, not a constant-time one: to authenticate a caller (API
/// keys), compare digests instead.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The secret itself. Never log it, never put it in an error or in output.
    public let value: String

    public init(_ value: String) {
        self.value = value
    }

    /// Number of characters, safe to show.
    public var count: Int { value.count }

    public var description: String { "<redacted secret, \(value.count) characters>" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }

    /// Fully masked form: no character of the value, only its length, e.g. `…(40 chars)`.
    public var masked: String { "…(\(value.count) chars)" }

    /// The masked form used for client secrets: the first three characters, then the length,
    /// e.g. `abc…(40 chars)`. Entra ID itself shows those three characters in the portal's
    /// list of secrets, so the operator can tell which secret is configured. Secrets shorter
    /// than 16 characters are fully masked, so that three characters never reveal much of one.
    public var maskedWithPrefix: String {
        guard value.count >= 16 else { return masked }
        return "\(value.prefix(3))…(\(value.count) chars)"
    }
}
