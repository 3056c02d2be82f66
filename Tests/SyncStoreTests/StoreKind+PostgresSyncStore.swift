import Foundation
@testable import SyncStore

/// The seam where `PostgresSyncStore` plugs into the conformance suites: the only code of the
/// test target that names it. Until it exists, a `.postgres` case fails here, saying so.
extension StoreKind {
    struct PostgresStoreNotBuilt: Error, CustomStringConvertible {
        var description: String {
            "PostgresSyncStore is not built yet: StoreKind.makePostgresStore(url:clock:beforeOperation:) is its seam "
                + "(Tests/SyncStoreTests/StoreKind+PostgresSyncStore.swift)."
        }
    }

    /// Opens the PostgreSQL store on `url` (a database of the throwaway server, migrated on open).
    /// `beforeOperation` is the unit of work's fault hook, as on the SQLite store: called with each
    /// operation's index before it is applied, inside the transaction.
    static func makePostgresStore(
        url: String, clock: @escaping @Sendable () -> Date,
        beforeOperation: (@Sendable (Int, UnitOfWork.Operation) throws -> Void)?
    ) async throws -> any SyncStore {
        throw PostgresStoreNotBuilt()
    }

    /// Closes a store `makePostgresStore` opened, releasing its connections (a restart, in a test).
    static func closePostgresStore(_ store: any SyncStore) async throws {
        throw PostgresStoreNotBuilt()
    }
}
