import Foundation

/// The PostgreSQL server programs of this machine: `initdb`, `pg_ctl` and `psql` from one
/// `/usr/lib/postgresql/<version>/bin` (Debian's layout; not on `PATH`).
///
/// `PREXTRA_POSTGRES_BIN` names another directory holding the three programs.
public struct PostgresInstallation: Sendable, Equatable {
    public let binDirectory: URL

    public var initdb: URL { binDirectory.appendingPathComponent("initdb") }
    public var pgCtl: URL { binDirectory.appendingPathComponent("pg_ctl") }
    public var psql: URL { binDirectory.appendingPathComponent("psql") }

    /// Where `find()` looks, for messages that say what was searched.
    public static let searchedPlaces = "$PREXTRA_POSTGRES_BIN, /usr/lib/postgresql/<version>/bin"

    /// The installation named by `PREXTRA_POSTGRES_BIN`, else the newest version under
    /// `/usr/lib/postgresql`; nil when neither holds `initdb`, `pg_ctl` and `psql`.
    public static func find() -> PostgresInstallation? {
        if let named = ProcessInfo.processInfo.environment["PREXTRA_POSTGRES_BIN"], !named.isEmpty {
            return complete(URL(fileURLWithPath: named))
        }
        let root = URL(fileURLWithPath: "/usr/lib/postgresql")
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        let newestFirst = versions.sorted { (Double($0) ?? 0) > (Double($1) ?? 0) }
        for version in newestFirst {
            if let installation = complete(root.appendingPathComponent(version).appendingPathComponent("bin")) {
                return installation
            }
        }
        return nil
    }

    private static func complete(_ directory: URL) -> PostgresInstallation? {
        let installation = PostgresInstallation(binDirectory: directory)
        let programs = [installation.initdb, installation.pgCtl, installation.psql]
        return programs.allSatisfy { FileManager.default.isExecutableFile(atPath: $0.path) } ? installation : nil
    }
}
