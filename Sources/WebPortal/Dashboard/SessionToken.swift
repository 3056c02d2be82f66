import Crypto
import Foundation
import MicrosoftIdentity

/// The dashboard's session cookie value: 32 random bytes, base64url. The store keeps its
/// SHA-256; every form of the session carries a CSRF token derived from it (HMAC), which a page
/// of another site can neither read nor compute.
struct SessionToken: Sendable, Hashable {
    let value: String

    static func generate() -> SessionToken {
        SessionToken(value: Base64URL.encode(SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }))
    }

    /// Whether `text` has the shape of a token, before any lookup.
    static func isWellFormed(_ text: String) -> Bool {
        text.count == 43 && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }

    var digest: String {
        SHA256.hash(data: Data(value.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The CSRF token of this session's forms.
    var csrf: String {
        Base64URL.encode(Data(HMAC<SHA256>.authenticationCode(for: Data("dashboard-csrf".utf8), using: SymmetricKey(data: Data(value.utf8)))))
    }

    /// Compares a form's CSRF field with the session's, in constant time.
    func acceptsCSRF(_ presented: String?) -> Bool {
        guard let presented else { return false }
        let expected = Array(csrf.utf8), given = Array(presented.utf8)
        guard expected.count == given.count else { return false }
        return zip(expected, given).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
