import Foundation
import Logging
import NIOCore
import PostgresNIO
import Synchronization
import SyncEngine

/// The shared store: one PostgreSQL database that several workers, on several machines, use at
/// once. It keeps the same observable behaviour as ``SQLiteSyncStore`` (see ``SyncStore``).
///
/// Connections come from postgres-nio's `PostgresClient`, a pool whose `run()` task lives as
/// long as the store (``close()`` ends it). Opening the store first makes one connection of its
/// own, so that a wrong URL, a wrong password or a server that is down fails at once with a
/// clear error (the pool would keep retrying for a minute), and runs the migrations on it.
///
/// Time: rows are stamped with the store's clock. Lease expiry and the due time of webhook
/// deliveries, which several machines must agree on, are judged by the database's clock
/// (`now()`), unless the store was opened with a `clock` (tests do, with a test clock).
///
/// Concurrency: every transaction runs at READ COMMITTED. Writes that append to a change feed
/// first lock their environment's row (see `lockEnvironment`), which serialises them per
/// environment and makes feed positions gapless and commit-ordered; cursors and links are
/// compare-and-set or guarded by unique constraints; leases and outbox claims are single
/// statements (`ON CONFLICT … WHERE`, `FOR UPDATE SKIP LOCKED`).
public final class PostgresSyncStore: Sendable {
    /// The database, password masked.
    public let url: PostgresStoreURL
    let client: PostgresClient
    private let runTask: Task<Void, Never>
    let clock: (@Sendable () -> Date)?
    let logger: Logger
    /// Tests only: called before each operation of a unit of work is applied, inside its
    /// transaction (a throw rolls the whole unit back), as on the SQLite store.
    let beforeOperation: (@Sendable (Int, UnitOfWork.Operation) throws -> Void)?

    private init(
        url: PostgresStoreURL, clock: (@Sendable () -> Date)?, logger: Logger,
        beforeOperation: (@Sendable (Int, UnitOfWork.Operation) throws -> Void)?
    ) {
        self.url = url
        self.clock = clock
        self.logger = logger
        self.beforeOperation = beforeOperation
        var configuration = url.clientConfiguration()
        configuration.options.maximumConnections = Self.maximumConnections
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        runTask = Task { await client.run() }
    }

    /// The most connections one store (one worker) opens.
    public static let maximumConnections = 10

    /// Opens the store at `url` (`postgres://user:password@host:5432/database?sslmode=require`)
    /// and migrates the database to the current schema.
    /// - Parameter clock: the time the store stamps rows with and judges leases and webhook
    ///   claims by; `nil` (production) uses the database's clock for the latter.
    /// - Throws: ``SyncStoreError/storageFailure(operation:code:detail:)`` naming `Store.Url`
    ///   (password masked) when the URL is malformed or the server cannot be reached or refuses us.
    public static func open(
        url: String, clock: (@Sendable () -> Date)? = nil,
        logger: Logger = Logger(label: "prextra.sync.store.postgres")
    ) async throws -> PostgresSyncStore {
        try await open(url: url, clock: clock, logger: logger, beforeOperation: nil)
    }

    static func open(
        url: String, clock: (@Sendable () -> Date)?, logger: Logger,
        beforeOperation: (@Sendable (Int, UnitOfWork.Operation) throws -> Void)?
    ) async throws -> PostgresSyncStore {
        let parsed = try PostgresStoreURL(url)
        do {
            let connection = try await PostgresConnection.connect(
                configuration: try parsed.connectionConfiguration(), id: 0, logger: logger)
            do {
                _ = try await PostgresSchema.migrate(connection, logger: logger)
                try await connection.close()
            } catch {
                try? await connection.close()
                throw error
            }
        } catch {
            throw storeError(error, operation: "open the PostgreSQL store", environment: nil, url: parsed)
        }
        return PostgresSyncStore(url: parsed, clock: clock, logger: logger, beforeOperation: beforeOperation)
    }

    /// A store nobody holds any more closes its connections (without waiting for them).
    deinit { runTask.cancel() }

    /// Stops the connection pool without waiting for it to end (a command about to exit).
    public func closeWithoutWaiting() { runTask.cancel() }

    /// Ends the connection pool. The store cannot be used afterwards.
    public func close() async {
        runTask.cancel()
        await runTask.value
    }

    /// The names of the migrations applied to the database, in order.
    public func appliedMigrations() async throws -> [String] {
        try await session("read the applied migrations") { db in
            try await db.rows("SELECT name FROM schema_migration ORDER BY applied_at, name").map { try $0.value("name") }
        }
    }

    /// The time to stamp rows with.
    func now() -> Date { clock?() ?? Date() }

    /// The time leases and claims are judged by: the injected clock's, or `nil` for the
    /// database's (`COALESCE(\(judgedNow), now())` in SQL).
    var judgedNow: Date? { clock?() }

    // MARK: - Database access with typed errors

    /// Lends a connection (no transaction: each statement commits on its own).
    func session<T: Sendable>(
        _ operation: String, environment: String? = nil, _ body: @escaping @Sendable (PostgresSession) async throws -> T
    ) async throws -> T {
        let logger = self.logger
        do {
            return try await pooled(operation) { connection in
                try await body(PostgresSession(connection: connection, logger: logger))
            }
        } catch {
            throw Self.storeError(error, operation: operation, environment: environment, url: url)
        }
    }

    /// Runs `body` in one transaction.
    func transaction<T: Sendable>(
        _ operation: String, environment: String? = nil, mode: PostgresTransaction.Mode = .readWrite,
        _ body: @escaping @Sendable (PostgresSession) async throws -> T
    ) async throws -> T {
        let logger = self.logger
        do {
            return try await pooled(operation) { connection in
                try await PostgresTransaction.run(on: connection, mode: mode, logger: logger) { connection in
                    try await body(PostgresSession(connection: connection, logger: logger))
                }
            }
        } catch {
            throw Self.storeError(error, operation: operation, environment: environment, url: url)
        }
    }

    /// How long an operation waits for a connection of the pool before it fails.
    public static let connectionWait: Duration = .seconds(5)

    /// Runs `body` on a connection of the pool, waiting at most `connectionWait` for one. The
    /// pool itself would wait a minute while the server is down (it keeps trying to connect):
    /// the API would hang and cycles pile up. Once `body` has its connection it runs to its end.
    private func pooled<T: Sendable>(
        _ operation: String, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        let (client, url) = (self.client, self.url)
        let wait = ConnectionWait()
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await client.withConnection { connection in
                    wait.markConnected()
                    return try await body(connection)
                }
            }
            group.addTask {
                try await Task.sleep(for: Self.connectionWait)
                guard wait.isConnected else {
                    throw SyncStoreError.storageFailure(
                        operation: operation, code: nil,
                        detail: "no connection to PostgreSQL at \(url.redacted) (Store.Url) within \(Self.connectionWait): "
                            + "the server is down or unreachable, or every connection of this worker is busy. Check the server; "
                            + "the service retries its cycles meanwhile")
                }
                return nil
            }
            while let result = try await group.next() {
                if let value = result {
                    group.cancelAll()
                    return value
                }
            }
            throw CancellationError()
        }
    }

    /// Turns postgres-nio's errors into ``SyncStoreError``. Only the server's message and SQLSTATE
    /// are kept (its `detail` field may quote row values, and postgres-nio's own description
    /// may quote the query); a connection failure names `Store.Url` with the password masked.
    /// Other errors (the store's own, cancellation) pass through unchanged.
    static func storeError(_ error: any Error, operation: String, environment: String?, url: PostgresStoreURL) -> any Error {
        if error is SyncStoreError || error is CancellationError { return error }
        if let error = error as? PSQLError {
            if let sqlState = error.serverInfo?[.sqlState] {
                let message = error.serverInfo?[.message] ?? "no message"
                if sqlState.hasPrefix("23") {
                    return SyncStoreError.constraintViolation(environment: environment, detail: "\(message) (SQLSTATE \(sqlState))")
                }
                let hint = sqlState.hasPrefix("28") || sqlState == "3D000" ? " Check the user, password and database of Store.Url." : ""
                return SyncStoreError.storageFailure(
                    operation: operation, code: nil,
                    detail: "PostgreSQL at \(url.redacted) answered SQLSTATE \(sqlState): \(message).\(hint)")
            }
            let reason = error.underlying.map { String(describing: $0) } ?? error.code.description
            return SyncStoreError.storageFailure(
                operation: operation, code: nil,
                detail: "cannot reach PostgreSQL at \(url.redacted) (Store.Url): \(Self.masking(reason, url)) [\(error.code)]. "
                    + "Check that the server is up and reachable from this machine; the service retries its cycles meanwhile")
        }
        // The driver's other failures (a column it cannot decode, the connection's channel) are the
        // store's; anything else (a caller's error thrown inside a transaction) passes through, as
        // on the SQLite store.
        guard error is PostgresDecodingError || error is ChannelError || error is IOError else { return error }
        return SyncStoreError.storageFailure(
            operation: operation, code: nil,
            detail: "PostgreSQL at \(url.redacted) (Store.Url): \(Self.masking(String(describing: error), url))")
    }

    /// Belt and braces: no error text leaves the store with the password in it.
    private static func masking(_ text: String, _ url: PostgresStoreURL) -> String {
        guard let password = url.password, !password.isEmpty else { return text }
        return text.replacingOccurrences(of: password, with: "***")
    }

    // MARK: - Checks shared by the parts of the store

    static func requireEnvironment(_ db: PostgresSession, _ environment: String) async throws {
        guard try await db.row("SELECT 1 FROM environment WHERE name = \(environment)") != nil else {
            throw SyncStoreError.unknownEnvironment(environment)
        }
    }

    static func requireMailbox(_ db: PostgresSession, _ environment: String, _ mailbox: MailboxAddress) async throws {
        guard try await db.row("SELECT 1 FROM mailbox WHERE environment = \(environment) AND address = \(mailbox.rawValue)") != nil
        else {
            try await requireEnvironment(db, environment)
            throw SyncStoreError.unknownMailbox(environment: environment, mailbox: mailbox)
        }
    }

    /// Locks the environment's row until the transaction ends, and checks that it exists.
    ///
    /// Every transaction that appends to a change feed takes this lock first, before it reads
    /// the records it changes. Writers of one environment therefore commit one after the
    /// other: the feed heads they increment (`UPDATE environment SET crm_feed_head = … + 1`)
    /// give gapless positions in commit order, so a reader resuming `after` a position never
    /// skips a change committed later, and a record's read-modify-write (versions, `If-Match`)
    /// cannot interleave with another's. `FOR NO KEY UPDATE` does not block inserts that only
    /// reference the environment (foreign keys), so other mailboxes' links and cursors proceed.
    static func lockEnvironment(_ db: PostgresSession, _ environment: String) async throws {
        guard try await db.row("SELECT 1 FROM environment WHERE name = \(environment) FOR NO KEY UPDATE") != nil else {
            throw SyncStoreError.unknownEnvironment(environment)
        }
    }
}
extension PostgresSyncStore: SyncStore {}

/// Whether an operation got its connection, shared by the operation and its deadline.
private final class ConnectionWait: Sendable {
    private let connected = Mutex(false)
    var isConnected: Bool { connected.withLock { $0 } }
    func markConnected() { connected.withLock { $0 = true } }
}
