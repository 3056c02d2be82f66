import Foundation
import GRDB
import PostgresTestSupport
import Testing
@testable import SyncStore

/// Where one test's store lives: a new SQLite file in a directory of its own, or a new database
/// on the throwaway PostgreSQL server. Opening it again stands for a restart or for another
/// process sharing the store.
final class StoreLocation: Sendable {
    let kind: StoreKind
    private let place: Place

    private enum Place {
        /// The directory is removed when the location goes away.
        case sqliteFile(directory: URL, path: String)
        case postgresDatabase(name: String, url: String)
    }

    /// A new, empty location of `kind`. Without PostgreSQL installed, a `.postgres` case is
    /// skipped, unless PostgreSQL is required (`CI=true`): then it fails.
    init(_ kind: StoreKind) async throws {
        self.kind = kind
        switch kind {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("SyncStoreTests-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            place = .sqliteFile(directory: directory, path: directory.appendingPathComponent("store.sqlite").path)
        case .postgres:
            guard PostgresAvailability.shouldRun else { try Test.cancel(Comment(rawValue: PostgresAvailability.skipReason)) }
            let url = try await PostgresTestServer.shared.newDatabaseURL()
            let name = String(URLComponents(string: url)?.path.dropFirst() ?? "")
            place = .postgresDatabase(name: name, url: url)
        }
    }

    deinit {
        if case .sqliteFile(let directory, _) = place { try? FileManager.default.removeItem(at: directory) }
    }

    /// Opens the store here, migrating it if it is new.
    func open(
        clock: TestClock = TestClock(), beforeOperation: (@Sendable (Int, UnitOfWork.Operation) throws -> Void)? = nil
    ) async throws -> any SyncStore {
        switch place {
        case .sqliteFile(_, let path):
            return try SQLiteSyncStore(path: path, clock: clock.reading, beforeOperation: beforeOperation)
        case .postgresDatabase(_, let url):
            return try await StoreKind.makePostgresStore(url: url, clock: clock.reading, beforeOperation: beforeOperation)
        }
    }

    /// Closes a store `open` returned, as a stopping process would.
    func close(_ store: any SyncStore) async throws {
        switch place {
        case .sqliteFile:
            try (store as? SQLiteSyncStore)?.close()
        case .postgresDatabase:
            try await StoreKind.closePostgresStore(store)
        }
    }

    /// Every row of every table of `store` (open here), as text, straight from the database: two
    /// equal snapshots mean nothing changed.
    func snapshot(_ store: any SyncStore) async throws -> [String: [String]] {
        switch place {
        case .sqliteFile:
            let sqlite = try #require(store as? SQLiteSyncStore)
            return try await sqlite.pool.read { db in
                var tables: [String: [String]] = [:]
                for table in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") {
                    tables[table] = try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\"").map(\.description).sorted()
                }
                return tables
            }
        case .postgresDatabase(let name, _):
            let server = PostgresTestServer.shared
            let tableList = try await server.psql(
                database: name, "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
            var tables: [String: [String]] = [:]
            for table in tableList.split(separator: "\n").map(String.init) {
                let rows = try await server.psql(database: name, "SELECT t::text FROM \"\(table)\" AS t")
                tables[table] = rows.split(separator: "\n", omittingEmptySubsequences: true).map(String.init).sorted()
            }
            return tables
        }
    }
}
