import ServiceConfiguration

/// Recognises the API keys of the configuration.
///
/// Only SHA-256 digests of the keys are kept. A presented key is hashed and compared with
/// every digest in constant time, all of them every time, so neither the comparison nor the
/// number of keys tried tells an attacker how close a guess was.
public struct APIKeyAuthenticator: Sendable {
    struct Entry: Sendable {
        let digest: APIKeyDigest
        let client: AuthenticatedClient
    }

    let entries: [Entry]

    public init(keys: [APIKeyConfiguration]) {
        entries = keys.map { key in
            Entry(
                digest: APIKeyDigest(key: key.key.value),
                client: AuthenticatedClient(name: key.name, environments: key.environments.map { Set($0.map { $0.lowercased() }) }))
        }
    }

    public var hasKeys: Bool { !entries.isEmpty }

    /// The client whose key this is, or nil.
    public func authenticate(key presented: String) -> AuthenticatedClient? {
        let digest = APIKeyDigest(key: presented)
        var found: AuthenticatedClient?
        for entry in entries where entry.digest.matches(digest) {
            found = entry.client
        }
        return found
    }

    /// The client of the key named `name` (a dashboard session remembers the name, not the
    /// key); nil when the configuration no longer has it.
    public func client(named name: String) -> AuthenticatedClient? {
        entries.first { $0.client.name == name }?.client
    }

    /// Reads `Authorization: Bearer <key>`; nil when absent or malformed.
    static func bearerKey(from header: String?) -> String? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let key = parts[1].trimmingCharacters(in: .whitespaces)
        return key.isEmpty ? nil : key
    }
}
