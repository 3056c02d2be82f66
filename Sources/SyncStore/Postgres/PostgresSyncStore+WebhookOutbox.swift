import Foundation
import PostgresNIO

extension PostgresSyncStore: WebhookOutboxStore {
    /// Claims with `FOR UPDATE OF w SKIP LOCKED`: two workers claiming at once never get the same
    /// entry (the second skips the rows the first has locked, and a row the first has already
    /// pushed ahead no longer matches `next_attempt_at <= now` when PostgreSQL re-checks it).
    /// Due-ness is judged by the database's clock unless the store was opened with one.
    public func claimDueWebhookDeliveries(environment: String, limit: Int, claimFor: Duration) async throws
        -> [WebhookDelivery]
    {
        let now = judgedNow
        let seconds = claimFor.timeInterval
        let limit = Self.pageSize(limit)
        return try await transaction("claim webhook deliveries", environment: environment) { db in
            let rows = try await db.rows(
                """
                WITH clock AS (SELECT COALESCE(\(now)::timestamptz, now()) AS now),
                due AS (
                    SELECT w.environment, w.position FROM webhook_outbox w
                    JOIN outlook_change c ON c.environment = w.environment AND c.position = w.position
                    WHERE w.environment = \(environment) AND w.delivered_at IS NULL
                      AND w.next_attempt_at <= (SELECT now FROM clock)
                      AND NOT EXISTS (
                        SELECT 1 FROM outlook_change e
                        JOIN webhook_outbox earlier ON earlier.environment = e.environment AND earlier.position = e.position
                        WHERE e.environment = c.environment AND e.entity = c.entity AND e.record_id = c.record_id
                          AND e.position < c.position AND earlier.delivered_at IS NULL)
                    ORDER BY w.position LIMIT \(limit)
                    FOR UPDATE OF w SKIP LOCKED),
                claimed AS (
                    UPDATE webhook_outbox w
                    SET next_attempt_at = (SELECT now FROM clock) + make_interval(secs => \(seconds))
                    FROM due WHERE w.environment = due.environment AND w.position = due.position
                    RETURNING w.*)
                SELECT claimed.*, c.entity, c.record_id, c.operation, c.fields, c.cleared_fields, c.mailbox, c.item_id,
                    c.record_version, c.occurred_at, c.failure
                FROM claimed JOIN outlook_change c ON c.environment = claimed.environment AND c.position = claimed.position
                ORDER BY claimed.position
                """)
            return try rows.map(Self.webhookDelivery(from:))
        }
    }

    public func markWebhookDelivered(environment: String, position: FeedPosition) async throws {
        let now = now()
        try await session("mark a webhook delivered", environment: environment) { db in
            let updated = try await db.rows(
                """
                UPDATE webhook_outbox SET attempts = attempts + 1, delivered_at = \(now), last_error = NULL
                WHERE environment = \(environment) AND position = \(position.rawValue) AND delivered_at IS NULL
                RETURNING 1
                """)
            if updated.isEmpty { try await Self.requireOutboxEntry(db, environment: environment, position: position) }
        }
    }

    public func markWebhookFailed(environment: String, position: FeedPosition, error: String, retryAt: Date)
        async throws
    {
        try await session("record a webhook failure", environment: environment) { db in
            let updated = try await db.rows(
                """
                UPDATE webhook_outbox SET attempts = attempts + 1, last_error = \(error), next_attempt_at = \(retryAt)
                WHERE environment = \(environment) AND position = \(position.rawValue) AND delivered_at IS NULL
                RETURNING 1
                """)
            if updated.isEmpty { try await Self.requireOutboxEntry(db, environment: environment, position: position) }
        }
    }

    public func webhookDelivery(environment: String, position: FeedPosition) async throws -> WebhookDelivery? {
        try await session("read a webhook delivery", environment: environment) { db in
            try await db.row(
                """
                SELECT w.*, c.entity, c.record_id, c.operation, c.fields, c.cleared_fields, c.mailbox, c.item_id,
                    c.record_version, c.occurred_at, c.failure
                FROM webhook_outbox w
                JOIN outlook_change c ON c.environment = w.environment AND c.position = w.position
                WHERE w.environment = \(environment) AND w.position = \(position.rawValue)
                """
            ).map(Self.webhookDelivery(from:))
        }
    }

    public func undeliveredWebhookCount(environment: String) async throws -> Int {
        try await session("count undelivered webhooks", environment: environment) { db in
            Int(
                try await db.value(
                    "SELECT COUNT(*) FROM webhook_outbox WHERE environment = \(environment) AND delivered_at IS NULL",
                    as: Int64.self) ?? 0)
        }
    }

    /// A delivered entry stays delivered: marking it again is a no-op, but an entry that
    /// does not exist is an error.
    private static func requireOutboxEntry(_ db: PostgresSession, environment: String, position: FeedPosition) async throws {
        guard
            try await db.row(
                "SELECT 1 FROM webhook_outbox WHERE environment = \(environment) AND position = \(position.rawValue)") != nil
        else {
            throw SyncStoreError.constraintViolation(
                environment: environment, detail: "no webhook outbox entry at position \(position)")
        }
    }

    static func webhookDelivery(from row: PostgresRandomAccessRow) throws -> WebhookDelivery {
        WebhookDelivery(
            environment: try row.value("environment"),
            change: try outlookChange(from: row),
            attempts: Int(try row.value("attempts", as: Int32.self)),
            nextAttemptAt: try row.value("next_attempt_at"),
            lastError: try row.value("last_error"),
            deliveredAt: try row.value("delivered_at"))
    }
}
