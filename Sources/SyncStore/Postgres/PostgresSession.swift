import Logging
import PostgresNIO

/// One connection lent to a store operation, with the logger its queries report to: what the
/// SQLite store's code calls `db`. Every value reaches the server as a bound parameter
/// (`PostgresQuery` interpolation), never as SQL text.
struct PostgresSession {
    let connection: PostgresConnection
    let logger: Logger

    /// Runs the query and returns its rows.
    @discardableResult
    func rows(_ query: PostgresQuery) async throws -> [PostgresRandomAccessRow] {
        try await connection.query(query, logger: logger).collect().map { $0.makeRandomAccess() }
    }

    /// Runs a statement whose rows (if any) are not needed.
    func execute(_ query: PostgresQuery) async throws {
        _ = try await connection.query(query, logger: logger).collect()
    }

    /// The first row, if any.
    func row(_ query: PostgresQuery) async throws -> PostgresRandomAccessRow? {
        try await rows(query).first
    }

    /// The first column of the first row, if any.
    func value<Value: PostgresDecodable>(_ query: PostgresQuery, as type: Value.Type = Value.self) async throws -> Value? {
        guard let row = try await connection.query(query, logger: logger).collect().first else { return nil }
        return try row.makeRandomAccess()[0].decode(Value.self)
    }
}

extension PostgresRandomAccessRow {
    /// The named column's value.
    func value<Value: PostgresDecodable>(_ column: String, as type: Value.Type = Value.self) throws -> Value {
        try self[column].decode(Value.self)
    }
}
