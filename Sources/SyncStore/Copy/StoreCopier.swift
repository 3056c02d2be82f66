import Foundation

/// `store copy`: moves a one-machine installation (SQLite) onto PostgreSQL, table by table in
/// foreign-key order, in batches whose resume point (rows copied, in key order) commits with them, so that a copy cut short (`kill -9`, a lost
/// connection) continues where it stopped when run again. It refuses a target that holds data
/// of its own, a source a service is running on, and a target already copied; at the end it
/// compares every table's row count.
public struct StoreCopier: Sendable {
    public let source: SQLiteSyncStore
    /// The source's identity in the target's progress table (its absolute path).
    public let sourceName: String
    public let target: PostgresSyncStore
    public var batchSize = 1_000
    /// Told as each batch commits: the table, rows of it copied so far, its total.
    public var progress: @Sendable (_ table: String, _ copied: Int, _ total: Int) -> Void = { _, _, _ in }
    /// Tests only: stop after this many batches, as a crash between two batches would.
    var stopAfterBatches: Int?

    public struct TableCount: Sendable, Hashable {
        public var table: String
        public var source: Int
        public var target: Int
    }

    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case serviceRunning(leases: Int)
        case targetNotEmpty(table: String, rows: Int)
        case copiedFromAnotherSource(String)
        case alreadyCopied(Date)
        case missingTable(String)
        case countsDiffer([TableCount])
        case stopped

        public var description: String {
            switch self {
            case .serviceRunning(let leases):
                return "A service is running on the SQLite store (\(leases) mailbox lease(s) held): stop serve first, then copy."
            case .targetNotEmpty(let table, let rows):
                return "The target database is not empty (\(rows) row(s) in \(table)): give an empty database, made for this copy."
            case .copiedFromAnotherSource(let source):
                return "The target database holds part of a copy from another store (\(source)): give an empty database, "
                    + "or run the copy from that store again to finish it."
            case .alreadyCopied(let date):
                return "The target database already holds a complete copy (finished \(date.formatted(.iso8601))); nothing was changed."
            case .missingTable(let table):
                return "The PostgreSQL database has no table \(table): this binary's migrations did not make it. Use the same release on both sides."
            case .countsDiffer(let counts):
                return "The copy ended with different row counts: "
                    + counts.map { "\($0.table) \($0.source) in SQLite, \($0.target) in PostgreSQL" }.joined(separator: "; ")
                    + ". Nothing is marked complete; check that no service wrote to either store meanwhile, and copy again into an empty database."
            case .stopped:
                return "The copy stopped before its end; run it again to continue."
            }
        }
    }

    public init(source: SQLiteSyncStore, sourceName: String, target: PostgresSyncStore) {
        self.source = source
        self.sourceName = sourceName
        self.target = target
    }

    /// Copies what is left to copy and returns every table's counts (equal, or it throws).
    public func run(now: Date = Date()) async throws -> [TableCount] {
        let leases = try await source.liveLeaseCount()
        guard leases == 0 else { throw Failure.serviceRunning(leases: leases) }
        let progress = try await target.copyProgress()
        if let done = progress[PostgresSyncStore.copyCompletionMarker], let completedAt = done.completedAt {
            throw Failure.alreadyCopied(completedAt)
        }
        if let other = progress.values.first(where: { $0.source != sourceName }) { throw Failure.copiedFromAnotherSource(other.source) }

        var tables: [(name: String, columns: [PostgresSyncStore.CopyColumn])] = []
        for table in try await target.inForeignKeyOrder(try await source.copyableTables()) {
            guard let targetColumns = try await target.copyColumns(of: table) else { throw Failure.missingTable(table) }
            let sourceColumns = Set(try await source.columns(of: table))
            tables.append((table, targetColumns.filter { sourceColumns.contains($0.name) }))
        }
        if progress.isEmpty {
            for table in tables {
                let rows = try await target.rowCount(of: table.name)
                if rows > 0 { throw Failure.targetNotEmpty(table: table.name, rows: rows) }
            }
        }

        var batches = 0
        for table in tables {
            let total = try await source.rowCount(of: table.name)
            var copied = progress[table.name]?.copied ?? 0
            while copied < total {
                if let stop = stopAfterBatches, batches >= stop { throw Failure.stopped }
                let rows = try await source.rows(of: table.name, columns: table.columns.map(\.name), offset: copied, limit: batchSize)
                guard !rows.isEmpty else { break }
                try await target.insertCopiedRows(rows, into: table.name, columns: table.columns, source: sourceName)
                batches += 1
                copied += rows.count
                self.progress(table.name, copied, total)
            }
        }

        var counts: [TableCount] = []
        for table in tables {
            counts.append(TableCount(table: table.name, source: try await source.rowCount(of: table.name), target: try await target.rowCount(of: table.name)))
        }
        let differing = counts.filter { $0.source != $0.target }
        guard differing.isEmpty else { throw Failure.countsDiffer(differing) }
        try await target.finishCopy(source: sourceName, tables: tables.map(\.name), at: now)
        return counts
    }
}
