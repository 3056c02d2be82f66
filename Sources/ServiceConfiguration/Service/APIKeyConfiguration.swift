/// A key that lets a client (the ERP, an operator's CLI) call the HTTP API.
public struct APIKeyConfiguration: Sendable, Hashable {
    /// A name for logs and audit, e.g. `erp` or `ops`; never the key.
    public let name: String
    public let key: Secret
    public let source: SecretSource
    /// Environments this key may read and write; nil means all of them.
    public let environments: [String]?

    public init(name: String, key: Secret, source: SecretSource, environments: [String]?) {
        self.name = name
        self.key = key
        self.source = source
        self.environments = environments
    }

    /// Whether the key may act on `environment` (names compare without case).
    public func allows(environment: String) -> Bool {
        guard let environments else { return true }
        return environments.contains { $0.lowercased() == environment.lowercased() }
    }
}
