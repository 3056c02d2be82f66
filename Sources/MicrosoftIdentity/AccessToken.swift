import Foundation

/// An OAuth 2.0 access token obtained with the client-credentials grant.
///
/// The token value never appears in `description`, `debugDescription` or
/// string interpolation, so that it cannot leak into a log line by accident.
public struct AccessToken: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The bearer value to put in `Authorization: Bearer …`. Never log it.
    public let value: String
    /// When the token stops being accepted.
    public let expiresOn: Date
    /// When the identity platform suggests refreshing it (`refresh_in`), if it said.
    public let refreshOn: Date?

    public init(value: String, expiresOn: Date, refreshOn: Date? = nil) {
        self.value = value
        self.expiresOn = expiresOn
        self.refreshOn = refreshOn
    }

    public var description: String {
        "AccessToken(expiresOn: \(expiresOn), value: <redacted \(value.utf8.count) bytes>)"
    }

    public var debugDescription: String { description }
}
