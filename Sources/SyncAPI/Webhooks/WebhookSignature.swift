import Crypto
import Foundation

/// The signature of a webhook delivery: HMAC-SHA256 over `"<timestamp>.<body>"` with the
/// configured signing secret, sent as `Prextra-Signature: t=<unix seconds>,v1=<hex>`.
///
/// Binding the timestamp lets the ERP refuse replays: it recomputes the HMAC, compares in
/// constant time, and refuses a timestamp more than five minutes from its clock.
public enum WebhookSignature {
    public static let headerName = "Prextra-Signature"
    public static let eventHeaderName = "Prextra-Event-Id"
    /// `outlook.change`, `environment.onboarded`, `credential.expiring`.
    public static let eventTypeHeaderName = "Prextra-Event-Type"

    public static func sign(body: Data, timestamp: Int64, secret: String) -> String {
        let key = SymmetricKey(data: Data(secret.utf8))
        var message = Data("\(timestamp).".utf8)
        message.append(body)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: key)
        return mac.map { String(format: "%02x", $0) }.joined()
    }

    public static func header(body: Data, timestamp: Int64, secret: String) -> String {
        "t=\(timestamp),v1=\(sign(body: body, timestamp: timestamp, secret: secret))"
    }

    /// How far a signature's timestamp may be from the receiver's clock: older is a replay.
    public static let defaultTolerance: TimeInterval = 300

    /// Checks a header as the ERP would (used by tests and by anyone writing a receiver in Swift):
    /// the HMAC matches, and the timestamp is within `tolerance` seconds of `now`.
    public static func verify(
        header: String, body: Data, secret: String, tolerance: TimeInterval = defaultTolerance, now: Date = Date()
    ) -> Bool {
        var timestamp: Int64?
        var signature: String?
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            if pair[0] == "t" { timestamp = Int64(pair[1]) }
            if pair[0] == "v1" { signature = String(pair[1]) }
        }
        guard let timestamp, let signature else { return false }
        // A signature too old is a replay; one from too far ahead is not from a sane clock.
        guard abs(now.timeIntervalSince1970 - Double(timestamp)) <= tolerance else { return false }
        let expected = Array(sign(body: body, timestamp: timestamp, secret: secret).utf8)
        let given = Array(signature.utf8)
        guard expected.count == given.count else { return false }
        var difference: UInt8 = 0
        for index in expected.indices { difference |= expected[index] ^ given[index] }
        return difference == 0
    }
}
