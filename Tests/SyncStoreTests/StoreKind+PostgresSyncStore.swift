import Foundation
import Logging
@testable import SyncStore

/// The seam where `PostgresSyncStore` plugs into the conformance suites: the only code of the
/// test target, with `PostgresSyncStoreTests`, that names it.
extension StoreKind {
    /// Opens the PostgreSQL store on `url` (a database of the throwaway server, migrated on open).
    /// `beforeOperation` is the unit of work's fault hook, as on the SQLite store: called with each
    /// operation's index before it is applied, inside the transaction.
    static func makePostgresStore(
        url: String, clock: @escaping @Sendable () -> Date,
        beforeOperation: (@Sendable (Int, UnitOfWork.Operation) throws -> Void)?
    ) async throws -> any SyncStore {
        try await PostgresSyncStore.open(
            url: url, clock: clock, logger: Logger(label: "prextra.sync.store.postgres.test"), beforeOperation: beforeOperation)
    }

    /// Closes a store `makePostgresStore` opened, releasing its connections (a restart, in a test).
    static func closePostgresStore(_ store: any SyncStore) async throws {
        await (store as? PostgresSyncStore)?.close()
    }
}
