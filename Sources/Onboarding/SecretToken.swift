import Crypto
import Foundation
import MicrosoftIdentity

/// A secret only its holder has: 32 random bytes, base64url, of which the store keeps only the
/// SHA-256 (a copy of the store opens nothing). The part of an onboarding link that opens the
/// invitation, and the dashboard's session cookie.
public struct SecretToken: Sendable, Hashable {
    public let value: String

    public init(value: String) { self.value = value }

    /// A new token from the system's secure random generator.
    public static func generate() -> SecretToken {
        SecretToken(value: Base64URL.encode(SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }))
    }

    /// SHA-256 of the token, hex: what the store keeps and looks the invitation or session up by.
    public var digest: String {
        SHA256.hash(data: Data(value.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Whether `text` has the shape of a token (43 base64url characters), before any lookup.
    public static func isWellFormed(_ text: String) -> Bool {
        text.count == 43 && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }
}

/// The secret part of an onboarding link: whoever holds the link holds the invitation.
public typealias InvitationToken = SecretToken
