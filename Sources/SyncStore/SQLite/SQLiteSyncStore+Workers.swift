import Foundation
import GRDB

extension SQLiteSyncStore: WorkerMembershipStore {
    public func announceWorker(_ worker: String, duration: Duration) async throws -> [WorkerMembership] {
        let now = clock()
        let expiresAt = now.addingTimeInterval(duration.timeInterval)
        return try await writing("announce the worker") { db in
            try db.execute(
                sql: """
                    INSERT INTO worker (id, started_at, expires_at) VALUES (?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET expires_at = excluded.expires_at
                    """,
                arguments: [worker, now, expiresAt])
            try db.execute(sql: "DELETE FROM worker WHERE expires_at < ?", arguments: [now.addingTimeInterval(-86_400)])
            return try Self.workers(db, at: now)
        }
    }

    public func workers() async throws -> [WorkerMembership] {
        let now = clock()
        return try await reading("list the workers") { db in try Self.workers(db, at: now) }
    }

    public func withdrawWorker(_ worker: String) async throws {
        try await writing("withdraw the worker") { db in
            try db.execute(sql: "DELETE FROM worker WHERE id = ?", arguments: [worker])
        }
    }

    private static func workers(_ db: Database, at now: Date) throws -> [WorkerMembership] {
        try Row.fetchAll(db, sql: "SELECT * FROM worker ORDER BY id").map { row in
            let expiresAt: Date = row["expires_at"]
            return WorkerMembership(worker: row["id"], startedAt: row["started_at"], expiresAt: expiresAt, isLive: expiresAt > now)
        }
    }
}
