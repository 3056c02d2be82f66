import Foundation
import GRDB
import SyncEngine

/// The embedded store: one SQLite file in WAL mode, opened with GRDB's `DatabasePool`
/// (concurrent readers, one writer at a time; other processes on the same file wait for
/// the write lock up to ``busyTimeout``).
///
/// Opening the store migrates the file to the current schema.
public final class SQLiteSyncStore: SyncStore, Sendable {
    /// The database file.
    public let path: String
    /// How long a write waits for another connection's write lock before failing.
    public static let busyTimeout: TimeInterval = 15

    let pool: DatabasePool
    let clock: @Sendable () -> Date
    /// Test hook: called before each operation of a unit of work, inside its transaction.
    let beforeOperation: (@Sendable (Int, UnitOfWork.Operation) throws -> Void)?

    /// Opens (creating if needed) and migrates the store at `path`, in one attempt: a file
    /// another process is creating at the same moment may answer SQLITE_BUSY (see `open(path:clock:)`).
    /// - Parameter clock: the time the store stamps rows with and judges lease expiry by.
    public convenience init(path: String, clock: @escaping @Sendable () -> Date = { Date() }) throws {
        try self.init(path: path, clock: clock, beforeOperation: nil)
    }

    init(
        path: String, clock: @escaping @Sendable () -> Date,
        beforeOperation: (@Sendable (Int, UnitOfWork.Operation) throws -> Void)?
    ) throws {
        self.path = path
        self.clock = clock
        self.beforeOperation = beforeOperation
        var configuration = Configuration()
        configuration.busyMode = .timeout(Self.busyTimeout)
        configuration.foreignKeysEnabled = true
        configuration.label = "SyncStore"
        do {
            try StoreFilePermissions.restrict(path)
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrate(pool)
            try StoreFilePermissions.restrict(path)
        } catch {
            throw Self.storeError(error, operation: "open the database at \(path)", environment: nil)
        }
    }

    /// Opens the store at `path` like `init(path:clock:)`, waiting (without holding a thread)
    /// while another process creates the same file. Opening a file another process is creating
    /// at the same moment can fail with SQLITE_BUSY at once, without the busy timeout: SQLite
    /// refuses to wait while both hold a read lock on the rollback journal (before WAL is on),
    /// since that could deadlock. Such a failure is retried for up to ``busyTimeout``; any other
    /// error is not. Use it wherever several processes may open a new store at once.
    public static func open(path: String, clock: @escaping @Sendable () -> Date = { Date() }) async throws -> SQLiteSyncStore {
        let deadline = ContinuousClock.now + .seconds(busyTimeout)
        while true {
            do {
                return try SQLiteSyncStore(path: path, clock: clock)
            } catch SyncStoreError.storageFailure(_, let code?, _) where code & 0xFF == ResultCode.SQLITE_BUSY.rawValue && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(Int.random(in: 5...50)))
            }
        }
    }

    /// Closes the database connections. The store cannot be used afterwards.
    public func close() throws {
        do { try pool.close() } catch { throw Self.storeError(error, operation: "close the database", environment: nil) }
    }

    /// The names of the migrations applied to the file, in order.
    public func appliedMigrations() async throws -> [String] {
        try await reading("read the applied migrations") { db in try Self.migrator.appliedMigrations(db) }
    }

    // MARK: - Database access with typed errors

    func reading<T: Sendable>(
        _ operation: String, environment: String? = nil, _ body: @escaping @Sendable (Database) throws -> T
    ) async throws -> T {
        do {
            return try await pool.read(body)
        } catch {
            throw Self.storeError(error, operation: operation, environment: environment)
        }
    }

    func writing<T: Sendable>(
        _ operation: String, environment: String? = nil, _ body: @escaping @Sendable (Database) throws -> T
    ) async throws -> T {
        do {
            return try await pool.write(body)
        } catch {
            throw Self.storeError(error, operation: operation, environment: environment)
        }
    }

    /// Turns GRDB's errors into ``SyncStoreError``. Only SQLite's message is kept: it names
    /// tables and columns, never the values bound to a statement. Other errors (the store's
    /// own, cancellation) pass through unchanged.
    static func storeError(_ error: any Error, operation: String, environment: String?) -> any Error {
        guard let databaseError = error as? DatabaseError else { return error }
        let detail = databaseError.message ?? "SQLite error \(databaseError.extendedResultCode.rawValue)"
        if databaseError.resultCode == .SQLITE_CONSTRAINT {
            return SyncStoreError.constraintViolation(environment: environment, detail: detail)
        }
        return SyncStoreError.storageFailure(
            operation: operation, code: databaseError.extendedResultCode.rawValue, detail: detail)
    }

    // MARK: - Checks shared by the parts of the store

    static func requireEnvironment(_ db: Database, _ environment: String) throws {
        guard
            try Bool.fetchOne(
                db.cachedStatement(sql: "SELECT 1 FROM environment WHERE name = ?"), arguments: [environment]) != nil
        else { throw SyncStoreError.unknownEnvironment(environment) }
    }

    static func requireMailbox(_ db: Database, _ environment: String, _ mailbox: MailboxAddress) throws {
        guard
            try Bool.fetchOne(
                db.cachedStatement(sql: "SELECT 1 FROM mailbox WHERE environment = ? AND address = ?"),
                arguments: [environment, mailbox.rawValue]) != nil
        else {
            try requireEnvironment(db, environment)
            throw SyncStoreError.unknownMailbox(environment: environment, mailbox: mailbox)
        }
    }
}
