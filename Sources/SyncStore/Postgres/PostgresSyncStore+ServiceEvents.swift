import Foundation
import NIOCore
import PostgresNIO

extension PostgresSyncStore: ServiceEventStore {
    @discardableResult
    public func queueServiceEvent(_ event: ServiceEvent) async throws -> Bool {
        let data = ByteBuffer(bytes: event.data)
        return try await session("queue a service event", environment: event.environment) { db in
            try await db.rows(
                """
                INSERT INTO service_event (event_key, type, environment, data, occurred_at, attempts, next_attempt_at)
                VALUES (\(event.key), \(event.type), \(event.environment), \(data), \(event.occurredAt), 0, \(event.nextAttemptAt))
                ON CONFLICT (event_key) DO NOTHING RETURNING 1
                """
            ).count == 1
        }
    }

    public func claimDueServiceEvents(limit: Int, claimFor: Duration, now: Date) async throws -> [ServiceEvent] {
        let until = now.addingTimeInterval(claimFor.timeInterval)
        return try await session("claim service events") { db in
            // SKIP LOCKED: two workers claiming at once take different events.
            try await db.rows(
                """
                UPDATE service_event SET next_attempt_at = \(until)
                WHERE id IN (
                    SELECT id FROM service_event WHERE delivered_at IS NULL AND next_attempt_at <= \(now)
                    ORDER BY id LIMIT \(limit) FOR UPDATE SKIP LOCKED)
                RETURNING *
                """
            ).map(Self.serviceEvent(from:)).sorted { $0.id < $1.id }
        }
    }

    public func markServiceEventDelivered(id: Int64, at now: Date) async throws {
        try await session("mark a service event delivered") { db in
            try await db.execute("UPDATE service_event SET delivered_at = \(now), attempts = attempts + 1, last_error = NULL WHERE id = \(id)")
        }
    }

    public func markServiceEventFailed(id: Int64, error: String, retryAt: Date) async throws {
        try await session("mark a service event failed") { db in
            try await db.execute(
                "UPDATE service_event SET attempts = attempts + 1, last_error = \(error), next_attempt_at = \(retryAt) WHERE id = \(id)")
        }
    }

    public func serviceEvents(limit: Int) async throws -> [ServiceEvent] {
        try await session("list service events") { db in
            try await db.rows("SELECT * FROM service_event ORDER BY id DESC LIMIT \(limit)").map(Self.serviceEvent(from:))
        }
    }

    static func serviceEvent(from row: PostgresRandomAccessRow) throws -> ServiceEvent {
        ServiceEvent(
            id: try row.value("id"), key: try row.value("event_key"), type: try row.value("type"), environment: try row.value("environment"),
            data: Data(try row.value("data", as: ByteBuffer.self).readableBytesView), occurredAt: try row.value("occurred_at"),
            attempts: try row.value("attempts"), nextAttemptAt: try row.value("next_attempt_at"), lastError: try row.value("last_error"),
            deliveredAt: try row.value("delivered_at"))
    }
}
