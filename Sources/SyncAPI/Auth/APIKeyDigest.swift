import Crypto
import Foundation

/// The SHA-256 digest of an API key: what the API keeps and compares instead of the key.
public struct APIKeyDigest: Sendable, Hashable {
    let bytes: [UInt8]

    public init(key: String) {
        bytes = Array(SHA256.hash(data: Data(key.utf8)))
    }

    /// Compares two digests in time that does not depend on where they differ.
    public func matches(_ other: APIKeyDigest) -> Bool {
        guard bytes.count == other.bytes.count else { return false }
        var difference: UInt8 = 0
        for index in bytes.indices { difference |= bytes[index] ^ other.bytes[index] }
        return difference == 0
    }
}
