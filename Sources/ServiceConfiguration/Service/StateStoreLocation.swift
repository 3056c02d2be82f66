import Foundation

/// Where the service keeps its durable state (links, bases, cursors, the change feed).
public enum StateStoreLocation: Sendable, Hashable, CustomStringConvertible {
    /// An embedded SQLite file (the default, `./prextra-sync.sqlite` next to the configuration file).
    case sqlite(path: URL)
    /// A PostgreSQL database, shared by several workers. The URL may hold a password, so it is a secret.
    case postgres(url: Secret, source: SecretSource)

    public static let defaultSQLitePath = "prextra-sync.sqlite"

    public var kind: String {
        switch self {
        case .sqlite: "sqlite"
        case .postgres: "postgres"
        }
    }

    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite \(path.path)"
        case .postgres(let url, let source): "postgres \(url.masked) (\(source))"
        }
    }
}
