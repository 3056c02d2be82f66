import Foundation
import GRDB

extension SQLiteSyncStore: WebhookOutboxStore {
    public func claimDueWebhookDeliveries(environment: String, limit: Int, claimFor: Duration) async throws
        -> [WebhookDelivery]
    {
        let now = clock()
        let claimedUntil = now.addingTimeInterval(claimFor.timeInterval)
        let limit = Self.pageSize(limit)
        return try await writing("claim webhook deliveries", environment: environment) { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT w.*, c.* FROM webhook_outbox w
                    JOIN outlook_change c ON c.environment = w.environment AND c.position = w.position
                    WHERE w.environment = ? AND w.delivered_at IS NULL AND w.next_attempt_at <= ?
                      AND NOT EXISTS (
                        SELECT 1 FROM outlook_change e
                        JOIN webhook_outbox earlier ON earlier.environment = e.environment AND earlier.position = e.position
                        WHERE e.environment = c.environment AND e.entity = c.entity AND e.record_id = c.record_id
                          AND e.position < c.position AND earlier.delivered_at IS NULL)
                    ORDER BY w.position LIMIT ?
                    """,
                arguments: [environment, now, limit])
            var deliveries: [WebhookDelivery] = []
            for row in rows {
                var delivery = try Self.webhookDelivery(from: row)
                try db.execute(
                    sql: "UPDATE webhook_outbox SET next_attempt_at = ? WHERE environment = ? AND position = ?",
                    arguments: [claimedUntil, environment, delivery.change.position.rawValue])
                delivery.nextAttemptAt = claimedUntil
                deliveries.append(delivery)
            }
            return deliveries
        }
    }

    public func markWebhookDelivered(environment: String, position: FeedPosition) async throws {
        let now = clock()
        try await writing("mark a webhook delivered", environment: environment) { db in
            try db.execute(
                sql: """
                    UPDATE webhook_outbox SET attempts = attempts + 1, delivered_at = ?, last_error = NULL
                    WHERE environment = ? AND position = ? AND delivered_at IS NULL
                    """,
                arguments: [now, environment, position.rawValue])
            if db.changesCount == 0 { try Self.requireOutboxEntry(db, environment: environment, position: position) }
        }
    }

    public func markWebhookFailed(environment: String, position: FeedPosition, error: String, retryAt: Date)
        async throws
    {
        try await writing("record a webhook failure", environment: environment) { db in
            try db.execute(
                sql: """
                    UPDATE webhook_outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?
                    WHERE environment = ? AND position = ? AND delivered_at IS NULL
                    """,
                arguments: [error, retryAt, environment, position.rawValue])
            if db.changesCount == 0 { try Self.requireOutboxEntry(db, environment: environment, position: position) }
        }
    }

    public func webhookDelivery(environment: String, position: FeedPosition) async throws -> WebhookDelivery? {
        try await reading("read a webhook delivery", environment: environment) { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT w.*, c.* FROM webhook_outbox w
                    JOIN outlook_change c ON c.environment = w.environment AND c.position = w.position
                    WHERE w.environment = ? AND w.position = ?
                    """,
                arguments: [environment, position.rawValue]
            ).map(Self.webhookDelivery(from:))
        }
    }

    public func undeliveredWebhookCount(environment: String) async throws -> Int {
        try await reading("count undelivered webhooks", environment: environment) { db in
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM webhook_outbox WHERE environment = ? AND delivered_at IS NULL",
                arguments: [environment]) ?? 0
        }
    }

    /// A delivered entry stays delivered: marking it again is a no-op, but an entry that
    /// does not exist is an error.
    private static func requireOutboxEntry(_ db: Database, environment: String, position: FeedPosition) throws {
        guard
            try Bool.fetchOne(
                db, sql: "SELECT 1 FROM webhook_outbox WHERE environment = ? AND position = ?",
                arguments: [environment, position.rawValue]) != nil
        else {
            throw SyncStoreError.constraintViolation(
                environment: environment, detail: "no webhook outbox entry at position \(position)")
        }
    }

    static func webhookDelivery(from row: Row) throws -> WebhookDelivery {
        WebhookDelivery(
            environment: row["environment"],
            change: try outlookChange(from: row),
            attempts: row["attempts"],
            nextAttemptAt: row["next_attempt_at"],
            lastError: row["last_error"],
            deliveredAt: row["delivered_at"])
    }
}
