import Foundation
import PostgresNIO
import SyncEngine

extension PostgresSyncStore: DecisionLogStore, ConflictStore, RunHistoryStore, HistoryRetentionStore {
    // MARK: - Decisions

    public func decisions(environment: String, matching query: DecisionQuery) async throws -> [DecisionEntry] {
        try await session("read the decision log", environment: environment) { db in
            try await db.rows(
                """
                SELECT * FROM decision WHERE environment = \(environment)
                    AND (\(query.mailbox?.rawValue)::text IS NULL OR mailbox = \(query.mailbox?.rawValue))
                    AND (\(query.record?.entity.rawValue)::text IS NULL
                        OR (entity = \(query.record?.entity.rawValue) AND record_id = \(query.record?.id.rawValue)))
                    AND (\(query.itemID)::text IS NULL OR item_id = \(query.itemID))
                    AND (\(query.runID?.rawValue)::bigint IS NULL OR run_id = \(query.runID?.rawValue))
                    AND (\(query.before)::bigint IS NULL OR id < \(query.before))
                ORDER BY id DESC LIMIT \(Self.pageSize(query.limit))
                """
            ).map(Self.decisionEntry(from:))
        }
    }

    static func logDecision(
        _ db: PostgresSession, environment: String, runID: RunID?, _ decision: Decision, at now: Date
    ) async throws -> Int64 {
        guard
            let id = try await db.value(
                """
                INSERT INTO decision (environment, run_id, mailbox, entity, record_id, item_id, action, target, fields,
                    reason, decided_at)
                VALUES (\(environment), \(runID?.rawValue), \(decision.mailbox?.rawValue), \(decision.record.entity.rawValue),
                    \(decision.record.id.rawValue), \(decision.itemID), \(decision.action.rawValue), \(decision.target.rawValue),
                    \(try StoreJSON.encode(decision.fields)), \(decision.reason), \(now))
                RETURNING id
                """, as: Int64.self)
        else { throw SyncStoreError.constraintViolation(environment: environment, detail: "the decision was not stored") }
        return id
    }

    static func decisionEntry(from row: PostgresRandomAccessRow) throws -> DecisionEntry {
        let mailbox: String? = try row.value("mailbox")
        let runID: Int64? = try row.value("run_id")
        return DecisionEntry(
            id: try row.value("id"),
            environment: try row.value("environment"),
            runID: runID.map(RunID.init(rawValue:)),
            decidedAt: try row.value("decided_at"),
            decision: Decision(
                mailbox: mailbox.map { MailboxAddress($0) },
                record: try recordKey(entity: try row.value("entity"), id: try row.value("record_id")),
                itemID: try row.value("item_id"),
                action: DecisionAction(rawValue: try row.value("action")),
                target: DecisionTarget(rawValue: try row.value("target")) ?? .neither,
                fields: try StoreJSON.decode([String].self, from: try row.value("fields")),
                reason: try row.value("reason")))
    }

    // MARK: - Conflicts

    public func conflicts(environment: String, matching query: ConflictQuery) async throws -> [ConflictEntry] {
        try await session("read conflicts", environment: environment) { db in
            try await db.rows(
                """
                SELECT * FROM conflict WHERE environment = \(environment)
                    AND (\(query.mailbox?.rawValue)::text IS NULL OR mailbox = \(query.mailbox?.rawValue))
                    AND (\(query.record?.entity.rawValue)::text IS NULL
                        OR (entity = \(query.record?.entity.rawValue) AND record_id = \(query.record?.id.rawValue)))
                    AND (\(query.before)::bigint IS NULL OR id < \(query.before))
                ORDER BY id DESC LIMIT \(Self.pageSize(query.limit))
                """
            ).map(Self.conflictEntry(from:))
        }
    }

    static func recordConflict(
        _ db: PostgresSession, environment: String, runID: RunID?, _ conflict: Conflict, at now: Date
    ) async throws -> Int64 {
        guard
            let id = try await db.value(
                """
                INSERT INTO conflict (environment, run_id, mailbox, entity, record_id, item_id, fields, policy, winner,
                    detected_at)
                VALUES (\(environment), \(runID?.rawValue), \(conflict.mailbox.rawValue), \(conflict.record.entity.rawValue),
                    \(conflict.record.id.rawValue), \(conflict.itemID), \(try StoreJSON.encode(conflict.fields)),
                    \(conflict.policy), \(conflict.winner.rawValue), \(now))
                RETURNING id
                """, as: Int64.self)
        else { throw SyncStoreError.constraintViolation(environment: environment, detail: "the conflict was not stored") }
        return id
    }

    static func conflictEntry(from row: PostgresRandomAccessRow) throws -> ConflictEntry {
        let runID: Int64? = try row.value("run_id")
        return ConflictEntry(
            id: try row.value("id"),
            environment: try row.value("environment"),
            runID: runID.map(RunID.init(rawValue:)),
            detectedAt: try row.value("detected_at"),
            conflict: Conflict(
                mailbox: MailboxAddress(try row.value("mailbox", as: String.self)),
                record: try recordKey(entity: try row.value("entity"), id: try row.value("record_id")),
                itemID: try row.value("item_id"),
                fields: try StoreJSON.decode([ConflictField].self, from: try row.value("fields")),
                policy: try row.value("policy"),
                winner: ConflictWinner(rawValue: try row.value("winner")) ?? .crm))
    }

    // MARK: - Runs

    public func startRun(environment: String, mailbox: MailboxAddress?, worker: String?) async throws -> RunID {
        let now = now()
        return try await transaction("start a run", environment: environment) { db in
            try await Self.requireEnvironment(db, environment)
            guard
                let id = try await db.value(
                    """
                    INSERT INTO run (environment, mailbox, worker, started_at, outcome, counts)
                    VALUES (\(environment), \(mailbox?.rawValue), \(worker), \(now), 'running', \(try StoreJSON.encode(RunCounts())))
                    RETURNING id
                    """, as: Int64.self)
            else { throw SyncStoreError.constraintViolation(environment: environment, detail: "the run was not stored") }
            return RunID(rawValue: id)
        }
    }

    public func finishRun(environment: String, id: RunID, outcome: RunOutcome, counts: RunCounts, error: String?)
        async throws
    {
        let now = now()
        try await session("finish a run", environment: environment) { db in
            try await Self.finishRun(db, environment: environment, id: id, outcome: outcome, counts: counts, error: error, at: now)
        }
    }

    public func run(environment: String, id: RunID) async throws -> RunRecord? {
        try await session("read a run", environment: environment) { db in
            try await db.row("SELECT * FROM run WHERE environment = \(environment) AND id = \(id.rawValue)").map(Self.runRecord(from:))
        }
    }

    public func runs(environment: String, mailbox: MailboxAddress?, limit: Int) async throws -> [RunRecord] {
        try await session("list runs", environment: environment) { db in
            try await db.rows(
                """
                SELECT * FROM run WHERE environment = \(environment)
                    AND (\(mailbox?.rawValue)::text IS NULL OR mailbox = \(mailbox?.rawValue))
                ORDER BY id DESC LIMIT \(Self.pageSize(limit))
                """
            ).map(Self.runRecord(from:))
        }
    }

    static func finishRun(
        _ db: PostgresSession, environment: String, id: RunID, outcome: RunOutcome, counts: RunCounts, error: String?,
        at now: Date
    ) async throws {
        let finishedAt: Date? = outcome == .running ? nil : now
        let updated = try await db.rows(
            """
            UPDATE run SET finished_at = \(finishedAt), outcome = \(outcome.rawValue), counts = \(try StoreJSON.encode(counts)),
                error = \(error)
            WHERE environment = \(environment) AND id = \(id.rawValue) RETURNING 1
            """)
        if updated.isEmpty { throw SyncStoreError.runNotFound(environment: environment, runID: id) }
    }

    static func runRecord(from row: PostgresRandomAccessRow) throws -> RunRecord {
        let mailbox: String? = try row.value("mailbox")
        return RunRecord(
            id: RunID(rawValue: try row.value("id")),
            environment: try row.value("environment"),
            mailbox: mailbox.map { MailboxAddress($0) },
            worker: try row.value("worker"),
            startedAt: try row.value("started_at"),
            finishedAt: try row.value("finished_at"),
            outcome: RunOutcome(rawValue: try row.value("outcome")) ?? .failed,
            counts: try StoreJSON.decode(RunCounts.self, from: try row.value("counts")),
            error: try row.value("error"))
    }

    // MARK: - Retention

    @discardableResult
    public func pruneHistory(environment: String, before date: Date) async throws -> HistoryPruning {
        try await transaction("prune the history", environment: environment) { db in
            HistoryPruning(
                decisions: try await db.rows(
                    "DELETE FROM decision WHERE environment = \(environment) AND decided_at < \(date) RETURNING 1").count,
                conflicts: try await db.rows(
                    "DELETE FROM conflict WHERE environment = \(environment) AND detected_at < \(date) RETURNING 1").count,
                runs: try await db.rows(
                    "DELETE FROM run WHERE environment = \(environment) AND finished_at < \(date) RETURNING 1").count,
                webhookDeliveries: try await db.rows(
                    """
                    DELETE FROM webhook_outbox
                    WHERE environment = \(environment) AND delivered_at IS NOT NULL AND delivered_at < \(date) RETURNING 1
                    """
                ).count,
                resolvedIntents: try await db.rows(
                    """
                    DELETE FROM intent WHERE environment = \(environment) AND state <> 'pending' AND resolved_at < \(date)
                    RETURNING 1
                    """
                ).count)
        }
    }
}
