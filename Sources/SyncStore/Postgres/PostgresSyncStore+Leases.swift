import Foundation
import PostgresNIO

/// Leases are rows of `lease`, changed by single statements: acquiring is one
/// `INSERT … ON CONFLICT DO UPDATE … WHERE` that takes a free or expired lease (the fencing token
/// grows) or renews the caller's own, and returns nothing when another worker holds it. Expiry is
/// judged by `COALESCE(<injected clock>, now())`: the database's clock, unless the store was
/// opened with a clock. Row locks make two workers' attempts on one resource take turns.
extension PostgresSyncStore: LeaseStore {
    public func acquireLease(_ resource: LeaseResource, holder: String, duration: Duration) async throws -> Lease? {
        let now = judgedNow
        let seconds = duration.timeInterval
        return try await session("acquire the lease on \(resource)") { db in
            guard
                let row = try await db.row(
                    """
                    WITH clock AS (SELECT COALESCE(\(now)::timestamptz, now()) AS now)
                    INSERT INTO lease AS l (resource, holder, token, acquired_at, expires_at)
                    SELECT \(resource.rawValue), \(holder), 1, clock.now, clock.now + make_interval(secs => \(seconds))
                    FROM clock
                    ON CONFLICT (resource) DO UPDATE SET
                        token = CASE WHEN l.holder = excluded.holder AND l.expires_at > excluded.acquired_at
                            THEN l.token ELSE l.token + 1 END,
                        acquired_at = CASE WHEN l.holder = excluded.holder AND l.expires_at > excluded.acquired_at
                            THEN l.acquired_at ELSE excluded.acquired_at END,
                        holder = excluded.holder,
                        expires_at = excluded.expires_at
                    WHERE l.holder IS NULL OR l.expires_at IS NULL OR l.expires_at <= excluded.acquired_at
                        OR l.holder = excluded.holder
                    RETURNING l.token, l.expires_at
                    """)
            else { return nil }
            return Lease(resource: resource, holder: holder, token: try row.value("token"), expiresAt: try row.value("expires_at"))
        }
    }

    public func renewLease(_ lease: Lease, duration: Duration) async throws -> Lease {
        let now = judgedNow
        let seconds = duration.timeInterval
        return try await session("renew the lease on \(lease.resource)") { db in
            guard
                let expiresAt = try await db.value(
                    """
                    UPDATE lease SET expires_at = COALESCE(\(now)::timestamptz, now()) + make_interval(secs => \(seconds))
                    WHERE resource = \(lease.resource.rawValue) AND holder = \(lease.holder) AND token = \(lease.token)
                        AND expires_at > COALESCE(\(now)::timestamptz, now())
                    RETURNING expires_at
                    """, as: Date.self)
            else { throw SyncStoreError.leaseLost(resource: lease.resource, holder: lease.holder) }
            var renewed = lease
            renewed.expiresAt = expiresAt
            return renewed
        }
    }

    public func releaseLease(_ lease: Lease) async throws {
        _ = try await freeLease(lease, operation: "release the lease on \(lease.resource)")
    }

    public func currentLease(_ resource: LeaseResource) async throws -> Lease? {
        let now = judgedNow
        return try await session("read the lease on \(resource)") { db in
            guard
                let row = try await db.row(
                    """
                    SELECT holder, token, expires_at FROM lease
                    WHERE resource = \(resource.rawValue) AND holder IS NOT NULL
                        AND expires_at > COALESCE(\(now)::timestamptz, now())
                    """)
            else { return nil }
            return Lease(
                resource: resource, holder: try row.value("holder"), token: try row.value("token"),
                expiresAt: try row.value("expires_at"))
        }
    }

    public func currentLeases(prefix: String) async throws -> [Lease] {
        let now = judgedNow
        return try await session("read the leases") { db in
            try await db.rows(
                """
                SELECT resource, holder, token, expires_at FROM lease
                WHERE starts_with(resource, \(prefix)) AND holder IS NOT NULL
                    AND expires_at > COALESCE(\(now)::timestamptz, now())
                ORDER BY resource COLLATE "C"
                """
            ).map { row in
                Lease(
                    resource: LeaseResource(rawValue: try row.value("resource")), holder: try row.value("holder"),
                    token: try row.value("token"), expiresAt: try row.value("expires_at"))
            }
        }
    }

    public func confirmLease(_ lease: Lease) async throws {
        let now = judgedNow
        try await session("confirm the lease on \(lease.resource)") { db in
            try await Self.requireLease(db, lease, at: now, locking: false)
        }
    }

    public func breakLease(_ lease: Lease) async throws -> Bool {
        try await freeLease(lease, operation: "break the lease on \(lease.resource)")
    }

    /// Frees the resource if `lease` still has it (same holder and token); returns whether it did.
    private func freeLease(_ lease: Lease, operation: String) async throws -> Bool {
        try await session(operation) { db in
            try await !db.rows(
                """
                UPDATE lease SET holder = NULL, expires_at = NULL
                WHERE resource = \(lease.resource.rawValue) AND holder = \(lease.holder) AND token = \(lease.token)
                RETURNING 1
                """
            ).isEmpty
        }
    }

    /// Throws unless `lease` is still the resource's unexpired lease. With `locking`, the row is
    /// locked `FOR SHARE` until the transaction ends: a takeover (an update) waits for the commit.
    static func requireLease(_ db: PostgresSession, _ lease: Lease, at now: Date?, locking: Bool) async throws {
        let lock = locking ? "FOR SHARE" : ""
        let held = try await db.row(
            """
            SELECT 1 FROM lease
            WHERE resource = \(lease.resource.rawValue) AND holder = \(lease.holder) AND token = \(lease.token)
                AND expires_at > COALESCE(\(now)::timestamptz, now())
            \(unescaped: lock)
            """)
        if held == nil { throw SyncStoreError.leaseLost(resource: lease.resource, holder: lease.holder) }
    }
}
