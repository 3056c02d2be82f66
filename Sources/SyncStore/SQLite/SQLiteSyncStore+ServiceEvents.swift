import Foundation
import GRDB

extension SQLiteSyncStore: ServiceEventStore {
    @discardableResult
    public func queueServiceEvent(_ event: ServiceEvent) async throws -> Bool {
        try await writing("queue a service event", environment: event.environment) { db in
            try db.execute(
                sql: """
                    INSERT INTO service_event (event_key, type, environment, data, occurred_at, attempts, next_attempt_at)
                    VALUES (?, ?, ?, ?, ?, 0, ?) ON CONFLICT (event_key) DO NOTHING
                    """,
                arguments: [event.key, event.type, event.environment, event.data, event.occurredAt, event.nextAttemptAt])
            return db.changesCount == 1
        }
    }

    public func claimDueServiceEvents(limit: Int, claimFor: Duration, now: Date) async throws -> [ServiceEvent] {
        try await writing("claim service events") { db in
            let rows = try Row.fetchAll(
                db,
                sql: "SELECT * FROM service_event WHERE delivered_at IS NULL AND next_attempt_at <= ? ORDER BY id LIMIT ?",
                arguments: [now, limit])
            let until = now.addingTimeInterval(claimFor.timeInterval)
            for row in rows {
                try db.execute(sql: "UPDATE service_event SET next_attempt_at = ? WHERE id = ?", arguments: [until, row["id"] as Int64])
            }
            return rows.map(Self.serviceEvent(from:))
        }
    }

    public func markServiceEventDelivered(id: Int64, at now: Date) async throws {
        try await writing("mark a service event delivered") { db in
            try db.execute(sql: "UPDATE service_event SET delivered_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?", arguments: [now, id])
        }
    }

    public func markServiceEventFailed(id: Int64, error: String, retryAt: Date) async throws {
        try await writing("mark a service event failed") { db in
            try db.execute(
                sql: "UPDATE service_event SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?",
                arguments: [error, retryAt, id])
        }
    }

    public func serviceEvents(limit: Int) async throws -> [ServiceEvent] {
        try await reading("list service events") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM service_event ORDER BY id DESC LIMIT ?", arguments: [limit]).map(Self.serviceEvent(from:))
        }
    }

    static func serviceEvent(from row: Row) -> ServiceEvent {
        ServiceEvent(
            id: row["id"], key: row["event_key"], type: row["type"], environment: row["environment"], data: row["data"],
            occurredAt: row["occurred_at"], attempts: row["attempts"], nextAttemptAt: row["next_attempt_at"], lastError: row["last_error"],
            deliveredAt: row["delivered_at"])
    }
}
