import ArgumentParser
import Foundation
import PostgresTestSupport
import SyncStore

/// Which state store a benchmark runs on: `sqlite` (a file in the benchmark's temporary
/// directory, the default) or `postgres` (a fresh database on a throwaway local PostgreSQL 15
/// server the benchmark starts itself: 127.0.0.1, `fsync=off`, as in the tests; or the server of
/// `--postgres-url` when given).
struct BenchmarkStore: ParsableArguments {
    @Option(help: "sqlite or postgres.") var store = "sqlite"
    @Option(help: "With --store postgres: an empty database to use instead of a throwaway server's.") var postgresURL: String?

    var isPostgres: Bool { store.lowercased() == "postgres" }

    var name: String { isPostgres ? "PostgreSQL 15 (local, fsync off)" : "SQLite (WAL)" }

    /// The database URL for a PostgreSQL run (a new database each call on the throwaway server).
    func postgresDatabaseURL() async throws -> String { try await Self.postgresDatabaseURL(given: postgresURL) }

    /// `given`, or a new database on the throwaway server.
    static func postgresDatabaseURL(given: String?) async throws -> String {
        if let given { return given }
        return try await PostgresTestServer.shared.newDatabaseURL()
    }

    /// A store of the chosen kind; `nil` for SQLite (the service under test opens its own file).
    func open() async throws -> (any SyncStore)? {
        guard isPostgres else { return nil }
        return try await PostgresSyncStore.open(url: try await postgresDatabaseURL())
    }

    func validate() throws {
        guard ["sqlite", "postgres"].contains(store.lowercased()) else {
            throw ValidationError("--store must be sqlite or postgres, not \(store)")
        }
    }
}
