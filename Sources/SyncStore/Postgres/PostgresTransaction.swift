import Logging
import PostgresNIO

/// A transaction on one connection: `BEGIN`, the body, then `COMMIT`, or `ROLLBACK` when the
/// body throws. Unlike `PostgresConnection.withTransaction`, the body's own error comes out
/// unwrapped, so that a ``SyncStoreError`` thrown inside reaches the caller as it is.
enum PostgresTransaction {
    enum Mode: String {
        case readWrite = "BEGIN"
        /// One snapshot for every statement of the body (a page and the feed head read together).
        case snapshotRead = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
    }

    static func run<Result: Sendable>(
        on connection: PostgresConnection, mode: Mode = .readWrite, logger: Logger,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await connection.query(PostgresQuery(unsafeSQL: mode.rawValue), logger: logger)
        let result: Result
        do {
            result = try await body(connection)
        } catch {
            // A connection that cannot roll back is closed by the pool; the first error is the one to report.
            _ = try? await connection.query("ROLLBACK", logger: logger)
            throw error
        }
        try await connection.query("COMMIT", logger: logger)
        return result
    }
}
