import Foundation
import PostgresNIO

/// Workers are rows of `worker`; liveness is judged by `COALESCE(<injected clock>, now())`, the
/// database's clock unless the store was opened with one (as for leases).
extension PostgresSyncStore: WorkerMembershipStore {
    public func announceWorker(_ worker: String, duration: Duration) async throws -> [WorkerMembership] {
        let now = judgedNow
        let seconds = duration.timeInterval
        return try await transaction("announce the worker") { db in
            try await db.execute(
                """
                WITH clock AS (SELECT COALESCE(\(now)::timestamptz, now()) AS now)
                INSERT INTO worker (id, started_at, expires_at)
                SELECT \(worker), clock.now, clock.now + make_interval(secs => \(seconds)) FROM clock
                ON CONFLICT (id) DO UPDATE SET expires_at = excluded.expires_at
                """)
            try await db.execute(
                "DELETE FROM worker WHERE expires_at < COALESCE(\(now)::timestamptz, now()) - interval '1 day'")
            return try await Self.workers(db, at: now)
        }
    }

    public func workers() async throws -> [WorkerMembership] {
        let now = judgedNow
        return try await session("list the workers") { db in try await Self.workers(db, at: now) }
    }

    public func withdrawWorker(_ worker: String) async throws {
        try await session("withdraw the worker") { db in
            try await db.execute("DELETE FROM worker WHERE id = \(worker)")
        }
    }

    private static func workers(_ db: PostgresSession, at now: Date?) async throws -> [WorkerMembership] {
        try await db.rows(
            """
            SELECT id, started_at, expires_at, expires_at > COALESCE(\(now)::timestamptz, now()) AS live
            FROM worker ORDER BY id COLLATE "C"
            """
        ).map { row in
            WorkerMembership(
                worker: try row.value("id"), startedAt: try row.value("started_at"), expiresAt: try row.value("expires_at"),
                isLive: try row.value("live"))
        }
    }
}
