import Foundation
import GRDB

/// Reading the store table by table, for `store copy` (SQLite → PostgreSQL).
extension SQLiteSyncStore {
    /// Tables that hold no state worth moving: the migrations' bookkeeping, and who holds what
    /// right now (leases, live workers), which means nothing once the service is stopped.
    static let tablesNotCopied: Set<String> = ["grdb_migrations", "lease", "worker", "operator_session"]

    /// The tables to copy, by name.
    public func copyableTables() async throws -> [String] {
        try await reading("list the store's tables") { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
                .filter { !Self.tablesNotCopied.contains($0) }
        }
    }

    public func columns(of table: String) async throws -> [String] {
        try await reading("read the columns of \(table)") { db in
            try Row.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?) ORDER BY cid", arguments: [table]).map { $0["name"] }
        }
    }

    public func rowCount(of table: String) async throws -> Int {
        try await reading("count the rows of \(table)") { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM \(Self.quoted(table))") ?? 0
        }
    }

    /// Up to `limit` rows of `table` from the `offset`-th on, in primary-key order (the file does
    /// not change during a copy, so an offset is a stable resume point), with `columns`' values.
    public func rows(of table: String, columns: [String], offset: Int, limit: Int) async throws -> [CopiedRow] {
        let list = columns.map(Self.quoted).joined(separator: ", ")
        return try await reading("read the rows of \(table)") { db in
            let keys = try Row.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk", arguments: [table])
                .map { Self.quoted($0["name"]) }
            let order = keys.isEmpty ? "rowid" : keys.joined(separator: ", ")
            return try Row.fetchAll(
                db, sql: "SELECT \(list) FROM \(Self.quoted(table)) ORDER BY \(order) LIMIT ? OFFSET ?", arguments: [limit, offset]
            ).map { row in
                CopiedRow(values: (0..<columns.count).map { Self.copied(row[$0] as DatabaseValue) })
            }
        }
    }

    /// Leases held now: a service is running on this file, and a copy would miss its next writes.
    public func liveLeaseCount() async throws -> Int {
        let now = clock()
        return try await reading("count the live leases") { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM lease WHERE holder IS NOT NULL AND expires_at > ?", arguments: [now]) ?? 0
        }
    }

    static func quoted(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    static func copied(_ value: DatabaseValue) -> CopiedValue {
        switch value.storage {
        case .null: .null
        case .int64(let integer): .integer(integer)
        case .double(let real): .real(real)
        case .string(let text): .text(text)
        case .blob(let data): .blob(data)
        }
    }
}
