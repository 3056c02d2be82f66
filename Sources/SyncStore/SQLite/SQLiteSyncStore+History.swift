import Foundation
import GRDB
import SyncEngine

extension SQLiteSyncStore: DecisionLogStore, ConflictStore, RunHistoryStore, HistoryRetentionStore {
    // MARK: - Decisions

    public func decisions(environment: String, matching query: DecisionQuery) async throws -> [DecisionEntry] {
        try await reading("read the decision log", environment: environment) { db in
            var rows = HistoryQuery(table: "decision", environment: environment)
            rows.mailbox(query.mailbox)
            rows.record(query.record)
            rows.equals("item_id", query.itemID)
            rows.equals("run_id", query.runID?.rawValue)
            return try rows.fetchPage(db, before: query.before, limit: Self.pageSize(query.limit)).map(Self.decisionEntry(from:))
        }
    }

    static func logDecision(
        _ db: Database, environment: String, runID: RunID?, _ decision: Decision, stamp: DatabaseValue
    ) throws -> Int64
    {
        try db.cachedStatement(
            sql: """
                INSERT INTO decision (environment, run_id, mailbox, entity, record_id, item_id, action, target, fields,
                    reason, decided_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            environment, runID?.rawValue, decision.mailbox?.rawValue, decision.record.entity.rawValue,
            decision.record.id.rawValue, decision.itemID, decision.action.rawValue, decision.target.rawValue,
            try StoreJSON.encode(decision.fields), decision.reason, stamp,
        ])
        return db.lastInsertedRowID
    }

    static func decisionEntry(from row: Row) throws -> DecisionEntry {
        let mailbox: String? = row["mailbox"]
        let runID: Int64? = row["run_id"]
        return DecisionEntry(
            id: row["id"],
            environment: row["environment"],
            runID: runID.map(RunID.init(rawValue:)),
            decidedAt: row["decided_at"],
            decision: Decision(
                mailbox: mailbox.map { MailboxAddress($0) },
                record: try recordKey(entity: row["entity"], id: row["record_id"]),
                itemID: row["item_id"],
                action: DecisionAction(rawValue: row["action"]),
                target: DecisionTarget(rawValue: row["target"]) ?? .neither,
                fields: try StoreJSON.decode([String].self, from: row["fields"]),
                reason: row["reason"]))
    }

    // MARK: - Conflicts

    public func conflicts(environment: String, matching query: ConflictQuery) async throws -> [ConflictEntry] {
        try await reading("read conflicts", environment: environment) { db in
            var rows = HistoryQuery(table: "conflict", environment: environment)
            rows.mailbox(query.mailbox)
            rows.record(query.record)
            return try rows.fetchPage(db, before: query.before, limit: Self.pageSize(query.limit)).map(Self.conflictEntry(from:))
        }
    }

    static func recordConflict(_ db: Database, environment: String, runID: RunID?, _ conflict: Conflict, at now: Date)
        throws -> Int64
    {
        try db.execute(
            sql: """
                INSERT INTO conflict (environment, run_id, mailbox, entity, record_id, item_id, fields, policy, winner,
                    detected_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                environment, runID?.rawValue, conflict.mailbox.rawValue, conflict.record.entity.rawValue,
                conflict.record.id.rawValue, conflict.itemID, try StoreJSON.encode(conflict.fields), conflict.policy,
                conflict.winner.rawValue, now,
            ])
        return db.lastInsertedRowID
    }

    static func conflictEntry(from row: Row) throws -> ConflictEntry {
        let runID: Int64? = row["run_id"]
        return ConflictEntry(
            id: row["id"],
            environment: row["environment"],
            runID: runID.map(RunID.init(rawValue:)),
            detectedAt: row["detected_at"],
            conflict: Conflict(
                mailbox: MailboxAddress(row["mailbox"] as String),
                record: try recordKey(entity: row["entity"], id: row["record_id"]),
                itemID: row["item_id"],
                fields: try StoreJSON.decode([ConflictField].self, from: row["fields"]),
                policy: row["policy"],
                winner: ConflictWinner(rawValue: row["winner"]) ?? .crm))
    }

    // MARK: - Runs

    public func startRun(environment: String, mailbox: MailboxAddress?, worker: String?) async throws -> RunID {
        let now = clock()
        return try await writing("start a run", environment: environment) { db in
            try Self.requireEnvironment(db, environment)
            try db.execute(
                sql: """
                    INSERT INTO run (environment, mailbox, worker, started_at, outcome, counts)
                    VALUES (?, ?, ?, ?, 'running', ?)
                    """,
                arguments: [environment, mailbox?.rawValue, worker, now, try StoreJSON.encode(RunCounts())])
            return RunID(rawValue: db.lastInsertedRowID)
        }
    }

    public func finishRun(environment: String, id: RunID, outcome: RunOutcome, counts: RunCounts, error: String?)
        async throws
    {
        let now = clock()
        try await writing("finish a run", environment: environment) { db in
            try Self.finishRun(db, environment: environment, id: id, outcome: outcome, counts: counts, error: error, at: now)
        }
    }

    public func run(environment: String, id: RunID) async throws -> RunRecord? {
        try await reading("read a run", environment: environment) { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM run WHERE environment = ? AND id = ?", arguments: [environment, id.rawValue]
            ).map(Self.runRecord(from:))
        }
    }

    public func runs(environment: String, mailbox: MailboxAddress?, limit: Int) async throws -> [RunRecord] {
        try await reading("list runs", environment: environment) { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM run WHERE environment = ? AND (? IS NULL OR mailbox = ?) ORDER BY id DESC LIMIT ?
                    """,
                arguments: [environment, mailbox?.rawValue, mailbox?.rawValue, Self.pageSize(limit)]
            ).map(Self.runRecord(from:))
        }
    }

    static func finishRun(
        _ db: Database, environment: String, id: RunID, outcome: RunOutcome, counts: RunCounts, error: String?,
        at now: Date
    ) throws {
        try db.execute(
            sql: """
                UPDATE run SET finished_at = ?, outcome = ?, counts = ?, error = ? WHERE environment = ? AND id = ?
                """,
            arguments: [
                outcome == .running ? nil : now, outcome.rawValue, try StoreJSON.encode(counts), error, environment,
                id.rawValue,
            ])
        if db.changesCount == 0 { throw SyncStoreError.runNotFound(environment: environment, runID: id) }
    }

    static func runRecord(from row: Row) throws -> RunRecord {
        let mailbox: String? = row["mailbox"]
        return RunRecord(
            id: RunID(rawValue: row["id"]),
            environment: row["environment"],
            mailbox: mailbox.map { MailboxAddress($0) },
            worker: row["worker"],
            startedAt: row["started_at"],
            finishedAt: row["finished_at"],
            outcome: RunOutcome(rawValue: row["outcome"]) ?? .failed,
            counts: try StoreJSON.decode(RunCounts.self, from: row["counts"]),
            error: row["error"])
    }

    // MARK: - Retention

    @discardableResult
    public func pruneHistory(environment: String, before date: Date) async throws -> HistoryPruning {
        try await writing("prune the history", environment: environment) { db in
            func delete(_ sql: String) throws -> Int {
                try db.execute(sql: sql, arguments: [environment, date])
                return db.changesCount
            }
            return HistoryPruning(
                decisions: try delete("DELETE FROM decision WHERE environment = ? AND decided_at < ?"),
                conflicts: try delete("DELETE FROM conflict WHERE environment = ? AND detected_at < ?"),
                runs: try delete("DELETE FROM run WHERE environment = ? AND finished_at < ?"),
                webhookDeliveries: try delete(
                    "DELETE FROM webhook_outbox WHERE environment = ? AND delivered_at IS NOT NULL AND delivered_at < ?"),
                resolvedIntents: try delete(
                    "DELETE FROM intent WHERE environment = ? AND state <> 'pending' AND resolved_at < ?"))
        }
    }
}
