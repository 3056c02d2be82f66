import GRDB
import SyncEngine

/// `SELECT *` from one of the history tables (decisions, conflicts) of an environment, narrowed by
/// the optional filters a query names, newest first, one page at a time.
struct HistoryQuery {
    private var sql: String
    private var arguments: StatementArguments

    init(table: String, environment: String) {
        sql = "SELECT * FROM \(table) WHERE environment = ?"
        arguments = [environment]
    }

    mutating func mailbox(_ mailbox: MailboxAddress?) {
        guard let mailbox else { return }
        add(" AND mailbox = ?", [mailbox.rawValue])
    }

    mutating func record(_ record: RecordKey?) {
        guard let record else { return }
        add(" AND entity = ? AND record_id = ?", [record.entity.rawValue, record.id.rawValue])
    }

    mutating func equals(_ column: String, _ value: (any DatabaseValueConvertible)?) {
        guard let value else { return }
        add(" AND \(column) = ?", [value])
    }

    /// Rows older than the id `before`, newest first, at most `limit` of them.
    func fetchPage(_ db: Database, before: Int64?, limit: Int) throws -> [Row] {
        var page = self
        if let before { page.add(" AND id < ?", [before]) }
        page.add(" ORDER BY id DESC LIMIT ?", [limit])
        return try Row.fetchAll(db, sql: page.sql, arguments: page.arguments)
    }

    private mutating func add(_ clause: String, _ values: [(any DatabaseValueConvertible)?]) {
        sql += clause
        _ = arguments.append(contentsOf: StatementArguments(values))
    }
}
