import Foundation
import GRDB

extension SQLiteSyncStore: LeaseStore {
    public func acquireLease(_ resource: LeaseResource, holder: String, duration: Duration) async throws -> Lease? {
        let now = clock()
        let expiresAt = now.addingTimeInterval(duration.timeInterval)
        return try await writing("acquire the lease on \(resource)") { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM lease WHERE resource = ?", arguments: [resource.rawValue])
            else {
                try db.execute(
                    sql: "INSERT INTO lease (resource, holder, token, acquired_at, expires_at) VALUES (?, ?, 1, ?, ?)",
                    arguments: [resource.rawValue, holder, now, expiresAt])
                return Lease(resource: resource, holder: holder, token: 1, expiresAt: expiresAt)
            }
            let currentHolder: String? = row["holder"]
            let currentExpiry: Date? = row["expires_at"]
            let token: Int64 = row["token"]
            let isLive = currentHolder != nil && (currentExpiry.map { $0 > now } ?? false)
            if isLive, currentHolder == holder {
                try db.execute(
                    sql: "UPDATE lease SET expires_at = ? WHERE resource = ?", arguments: [expiresAt, resource.rawValue])
                return Lease(resource: resource, holder: holder, token: token, expiresAt: expiresAt)
            }
            if isLive { return nil }
            // Free or expired: the resource changes hands and the fencing token grows.
            try db.execute(
                sql: "UPDATE lease SET holder = ?, token = ?, acquired_at = ?, expires_at = ? WHERE resource = ?",
                arguments: [holder, token + 1, now, expiresAt, resource.rawValue])
            return Lease(resource: resource, holder: holder, token: token + 1, expiresAt: expiresAt)
        }
    }

    public func renewLease(_ lease: Lease, duration: Duration) async throws -> Lease {
        let now = clock()
        let expiresAt = now.addingTimeInterval(duration.timeInterval)
        return try await writing("renew the lease on \(lease.resource)") { db in
            try Self.requireLease(db, lease, at: now)
            try db.execute(
                sql: "UPDATE lease SET expires_at = ? WHERE resource = ?", arguments: [expiresAt, lease.resource.rawValue])
            var renewed = lease
            renewed.expiresAt = expiresAt
            return renewed
        }
    }

    public func releaseLease(_ lease: Lease) async throws {
        try await writing("release the lease on \(lease.resource)") { db in
            try db.execute(
                sql: "UPDATE lease SET holder = NULL, expires_at = NULL WHERE resource = ? AND holder = ? AND token = ?",
                arguments: [lease.resource.rawValue, lease.holder, lease.token])
        }
    }

    public func currentLease(_ resource: LeaseResource) async throws -> Lease? {
        let now = clock()
        return try await reading("read the lease on \(resource)") { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT * FROM lease WHERE resource = ? AND holder IS NOT NULL AND expires_at > ?",
                    arguments: [resource.rawValue, now])
            else { return nil }
            return Lease(resource: resource, holder: row["holder"], token: row["token"], expiresAt: row["expires_at"])
        }
    }

    public func currentLeases(prefix: String) async throws -> [Lease] {
        let now = clock()
        return try await reading("read the leases") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM lease WHERE substr(resource, 1, length(?)) = ? AND holder IS NOT NULL AND expires_at > ?
                    ORDER BY resource
                    """,
                arguments: [prefix, prefix, now]
            ).map { row in
                Lease(resource: LeaseResource(rawValue: row["resource"]), holder: row["holder"], token: row["token"], expiresAt: row["expires_at"])
            }
        }
    }

    public func confirmLease(_ lease: Lease) async throws {
        let now = clock()
        try await reading("confirm the lease on \(lease.resource)") { db in try Self.requireLease(db, lease, at: now) }
    }

    public func breakLease(_ lease: Lease) async throws -> Bool {
        try await writing("break the lease on \(lease.resource)") { db in
            try db.execute(
                sql: "UPDATE lease SET holder = NULL, expires_at = NULL WHERE resource = ? AND holder = ? AND token = ?",
                arguments: [lease.resource.rawValue, lease.holder, lease.token])
            return db.changesCount > 0
        }
    }

    /// Throws unless `lease` is still the resource's unexpired lease.
    static func requireLease(_ db: Database, _ lease: Lease, at now: Date) throws {
        let held = try Bool.fetchOne(
            db,
            sql: "SELECT 1 FROM lease WHERE resource = ? AND holder = ? AND token = ? AND expires_at > ?",
            arguments: [lease.resource.rawValue, lease.holder, lease.token, now])
        if held == nil { throw SyncStoreError.leaseLost(resource: lease.resource, holder: lease.holder) }
    }
}
