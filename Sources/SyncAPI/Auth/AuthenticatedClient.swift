/// The caller an API key identified: its name (for logs) and the environments it may act on.
public struct AuthenticatedClient: Sendable, Hashable {
    /// The key's `Name` from the configuration; never the key.
    public let name: String
    /// Lower-cased environment names; `nil`: every environment.
    public let environments: Set<String>?

    public init(name: String, environments: Set<String>?) {
        self.name = name
        self.environments = environments
    }

    public func allows(environment: String) -> Bool {
        environments?.contains(environment.lowercased()) ?? true
    }

    /// Whether the key may act on every environment (needed for service-wide data such as metrics).
    public var isUnscoped: Bool { environments == nil }
}
