import Foundation
import NIOCore
import PostgresNIO

/// Writing rows copied from another store (`store copy`, SQLite → PostgreSQL): the target's
/// column types, its tables in foreign-key order, batches inserted with their resume point in
/// the same transaction (`store_copy`), and the end of a copy.
extension PostgresSyncStore {
    /// A column of a target table.
    public struct CopyColumn: Sendable, Hashable {
        public var name: String
        /// PostgreSQL's `information_schema` type name, e.g. `timestamp with time zone`.
        public var dataType: String
        public var isIdentity: Bool
    }

    /// Where a copy stands in one table: the rows copied so far, in the source's key order.
    public struct CopyProgress: Sendable, Hashable {
        public var source: String
        public var copied: Int
        public var completedAt: Date?
    }

    /// The name under which the whole copy's completion is recorded in `store_copy`.
    public static let copyCompletionMarker = "*"

    /// The columns of `table`, or `nil` when the table does not exist.
    public func copyColumns(of table: String) async throws -> [CopyColumn]? {
        let columns = try await session("read the columns of \(table)") { db in
            try await db.rows(
                """
                SELECT column_name, data_type, is_identity FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name = \(table) ORDER BY ordinal_position
                """
            ).map {
                CopyColumn(name: try $0.value("column_name"), dataType: try $0.value("data_type"), isIdentity: try $0.value("is_identity") == "YES")
            }
        }
        return columns.isEmpty ? nil : columns
    }

    /// The tables of `tables`, parents before the tables whose foreign keys name them.
    public func inForeignKeyOrder(_ tables: [String]) async throws -> [String] {
        let edges = try await session("read the foreign keys") { db in
            try await db.rows(
                """
                SELECT c.relname AS child, p.relname AS parent FROM pg_constraint f
                JOIN pg_class c ON c.oid = f.conrelid JOIN pg_class p ON p.oid = f.confrelid
                WHERE f.contype = 'f' AND c.relnamespace = current_schema()::regnamespace
                """
            ).map { (child: try $0.value("child", as: String.self), parent: try $0.value("parent", as: String.self)) }
        }
        var ordered: [String] = []
        var placed = Set<String>()
        var remaining = tables.sorted()
        while !remaining.isEmpty {
            let ready = remaining.filter { table in
                edges.allSatisfy { $0.child != table || $0.parent == table || placed.contains($0.parent) || !tables.contains($0.parent) }
            }
            // A cycle cannot happen in this schema; were it to, the rest goes in name order.
            let next = ready.isEmpty ? remaining : ready
            ordered += next
            placed.formUnion(next)
            remaining.removeAll { placed.contains($0) }
        }
        return ordered
    }

    public func rowCount(of table: String) async throws -> Int {
        try await session("count the rows of \(table)") { db in
            try await db.value("SELECT count(*) FROM \(unescaped: Self.quoted(table))", as: Int.self) ?? 0
        }
    }

    /// What earlier runs of a copy into this database did, by table.
    public func copyProgress() async throws -> [String: CopyProgress] {
        try await session("read the copy's progress") { db in
            try await Self.createCopyProgressTable(db)
            var progress: [String: CopyProgress] = [:]
            for row in try await db.rows("SELECT * FROM store_copy") {
                progress[try row.value("table_name")] = CopyProgress(
                    source: try row.value("source"), copied: try row.value("copied"), completedAt: try row.value("completed_at"))
            }
            return progress
        }
    }

    /// Inserts `rows` into `table` and moves the table's resume point past them, in one transaction.
    public func insertCopiedRows(_ rows: [CopiedRow], into table: String, columns: [CopyColumn], source: String) async throws {
        guard !rows.isEmpty else { return }
        let count = rows.count
        let statement = try Self.insertStatement(rows, into: table, columns: columns)
        try await transaction("copy rows into \(table)") { db in
            try await db.execute(statement)
            try await db.execute(
                """
                INSERT INTO store_copy (table_name, source, copied) VALUES (\(table), \(source), \(count))
                ON CONFLICT (table_name) DO UPDATE SET copied = store_copy.copied + excluded.copied
                """)
        }
    }

    /// Ends a copy: identity columns continue after the copied ids, and the copy is recorded as
    /// complete (a completed target refuses another copy).
    public func finishCopy(source: String, tables: [String], at now: Date) async throws {
        try await transaction("finish the copy") { db in
            for table in tables {
                for row in try await db.rows(
                    """
                    SELECT column_name FROM information_schema.columns
                    WHERE table_schema = current_schema() AND table_name = \(table) AND is_identity = 'YES'
                    """)
                {
                    let column: String = try row.value("column_name")
                    try await db.execute(
                        """
                        SELECT setval(pg_get_serial_sequence(\(Self.quoted(table)), \(column)),
                            COALESCE((SELECT max(\(unescaped: Self.quoted(column))) FROM \(unescaped: Self.quoted(table))), 0) + 1, false)
                        """)
                }
            }
            try await db.execute(
                """
                INSERT INTO store_copy (table_name, source, copied, completed_at)
                VALUES (\(Self.copyCompletionMarker), \(source), 0, \(now))
                ON CONFLICT (table_name) DO UPDATE SET completed_at = excluded.completed_at
                """)
        }
    }

    private static func createCopyProgressTable(_ db: PostgresSession) async throws {
        try await db.execute(
            """
            CREATE TABLE IF NOT EXISTS store_copy (
                table_name text PRIMARY KEY,
                source text NOT NULL,
                copied bigint NOT NULL,
                completed_at timestamptz
            )
            """)
    }

    static func quoted(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    /// One multi-row INSERT, every value bound in the target column's type.
    static func insertStatement(_ rows: [CopiedRow], into table: String, columns: [CopyColumn]) throws -> PostgresQuery {
        var bindings = PostgresBindings(capacity: rows.count * columns.count)
        var tuples: [String] = []
        tuples.reserveCapacity(rows.count)
        var parameter = 0
        for row in rows {
            var placeholders: [String] = []
            for (value, column) in zip(row.values, columns) {
                parameter += 1
                placeholders.append("$\(parameter)")
                try bind(value, as: column, table: table, into: &bindings)
            }
            tuples.append("(" + placeholders.joined(separator: ", ") + ")")
        }
        let overriding = columns.contains(where: \.isIdentity) ? " OVERRIDING SYSTEM VALUE" : ""
        let sql = "INSERT INTO \(quoted(table)) (\(columns.map { quoted($0.name) }.joined(separator: ", ")))\(overriding) VALUES "
            + tuples.joined(separator: ", ")
        return PostgresQuery(unsafeSQL: sql, binds: bindings)
    }

    private static func bind(_ value: CopiedValue, as column: CopyColumn, table: String, into bindings: inout PostgresBindings) throws {
        func mismatch() -> SyncStoreError {
            SyncStoreError.storageFailure(
                operation: "copy \(table).\(column.name)", code: nil,
                detail: "a value of the SQLite store does not fit the PostgreSQL column's type \(column.dataType)")
        }
        switch (value, column.dataType) {
        case (.null, _):
            bindings.appendNull()
        case (.integer(let integer), "boolean"):
            bindings.append(integer != 0)
        case (.integer(let integer), "bigint"), (.integer(let integer), "integer"), (.integer(let integer), "smallint"):
            bindings.append(integer)
        case (.integer(let integer), "double precision"):
            bindings.append(Double(integer))
        case (.real(let real), "double precision"):
            bindings.append(real)
        case (.text(let text), "timestamp with time zone"):
            guard let date = SQLiteDateText.date(from: text) else { throw mismatch() }
            bindings.append(date)
        case (.text(let text), "text"):
            bindings.append(text)
        case (.blob(let data), "bytea"):
            bindings.append(ByteBuffer(bytes: data))
        default:
            throw mismatch()
        }
    }
}
