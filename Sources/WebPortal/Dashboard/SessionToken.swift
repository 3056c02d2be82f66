import Crypto
import Foundation
import MicrosoftIdentity
import Onboarding

/// The dashboard's session cookie value, a ``SecretToken``: the store keeps its SHA-256; every
/// form of the session carries a CSRF token derived from it (HMAC), which a page of another site
/// can neither read nor compute.
typealias SessionToken = SecretToken

extension SecretToken {
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
