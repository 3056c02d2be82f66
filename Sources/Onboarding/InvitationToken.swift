import Crypto
import Foundation
import MicrosoftIdentity

/// The secret part of an onboarding link: 32 random bytes, base64url. Only its SHA-256 is
/// stored; whoever holds the link holds the invitation.
public struct InvitationToken: Sendable, Hashable {
    public let value: String

    public init(value: String) { self.value = value }

    /// A new token from the system's secure random generator.
    public static func generate() -> InvitationToken {
        InvitationToken(value: Base64URL.encode(SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }))
    }

    /// SHA-256 of the token, hex: what the store keeps and looks the invitation up by.
    public var digest: String {
        SHA256.hash(data: Data(value.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Whether `text` has the shape of a token (43 base64url characters), before any lookup.
    public static func isWellFormed(_ text: String) -> Bool {
        text.count == 43 && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }
}
