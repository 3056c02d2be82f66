import Crypto
import Foundation

/// The `clientState` secret of a Graph subscription: random, sent once when the subscription is
/// created, echoed by Graph in every notification. Only its digest is stored, so a copy of the
/// store cannot forge notifications.
public enum ClientState {
    /// 32 random bytes, base64url (43 characters; Graph accepts up to 128).
    public static func generate() -> String {
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        return bytes.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// SHA-256, hex.
    public static func digest(_ clientState: String) -> String {
        SHA256.hash(data: Data(clientState.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Compares in constant time, so that timing says nothing of the stored digest.
    public static func matches(_ clientState: String?, digest: String) -> Bool {
        guard let clientState else { return false }
        let given = Array(Self.digest(clientState).utf8), stored = Array(digest.utf8)
        guard given.count == stored.count else { return false }
        return zip(given, stored).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
