import Crypto
import Foundation

/// Opaque, tamper-evident SyncState values: a folder, a mailbox, a watermark, signed with a key
/// only this simulator knows. A state for another folder or mailbox, or one that was altered,
/// does not verify.
struct SyncStateCodec: Sendable {
    struct Position: Sendable, Hashable {
        var mailbox: String
        var folderId: String
        var watermark: UInt64
    }

    private let key: SymmetricKey

    init(key: SymmetricKey = SymmetricKey(size: .bits256)) {
        self.key = key
    }

    func encode(_ position: Position) -> String {
        var payload = Data([1])
        withUnsafeBytes(of: position.watermark.bigEndian) { payload.append(contentsOf: $0) }
        let scope = Data("\(position.mailbox.lowercased())\n\(position.folderId)".utf8)
        let mac = HMAC<SHA256>.authenticationCode(for: payload + scope, using: key)
        return (payload + Data(mac)).base64EncodedString()
    }

    /// The position, if the state is intact and belongs to this mailbox folder.
    func decode(_ state: String, mailbox: String, folderId: String) -> Position? {
        guard let data = Data(base64Encoded: state.trimmingCharacters(in: .whitespacesAndNewlines)),
            data.count == 9 + 32, data.first == 1
        else { return nil }
        let payload = data.prefix(9)
        let scope = Data("\(mailbox.lowercased())\n\(folderId)".utf8)
        guard HMAC<SHA256>.isValidAuthenticationCode(Data(data.suffix(32)), authenticating: payload + scope, using: key)
        else { return nil }
        let watermark = payload.dropFirst().reduce(UInt64(0)) { ($0 << 8) | UInt64($1) }
        return Position(mailbox: mailbox, folderId: folderId, watermark: watermark)
    }
}
