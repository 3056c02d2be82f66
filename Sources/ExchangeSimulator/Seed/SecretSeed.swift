import Foundation

/// A client secret: the "Secret ID" shown in the portal, its value, and when it expires.
public struct SecretSeed: Codable, Sendable, Hashable {
    public var id: String
    public var value: String
    public var expiresOn: Date

    public init(id: String, value: String, expiresOn: Date) {
        self.id = id
        self.value = value
        self.expiresOn = expiresOn
    }
}
