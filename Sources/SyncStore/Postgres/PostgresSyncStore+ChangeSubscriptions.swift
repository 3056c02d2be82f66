import Foundation
import PostgresNIO

extension PostgresSyncStore: ChangeSubscriptionStore {
    public func saveChangeSubscription(_ subscription: ChangeSubscription) async throws {
        try await transaction("save a change subscription", environment: subscription.environment) { db in
            // SQLite's INSERT OR REPLACE: the row of the same id, or of the same mailbox and resource, goes.
            try await db.execute(
                """
                DELETE FROM change_subscription
                WHERE id = \(subscription.id) OR (environment = \(subscription.environment)
                    AND mailbox = \(subscription.mailbox) AND resource = \(subscription.resource))
                """)
            try await db.execute(
                """
                INSERT INTO change_subscription (id, environment, mailbox, resource, client_state_digest, expires_at)
                VALUES (\(subscription.id), \(subscription.environment), \(subscription.mailbox), \(subscription.resource),
                    \(subscription.clientStateDigest), \(subscription.expiresAt))
                """)
        }
    }

    public func changeSubscriptions(environment: String) async throws -> [ChangeSubscription] {
        try await session("list change subscriptions", environment: environment) { db in
            try await db.rows(
                """
                SELECT * FROM change_subscription WHERE environment = \(environment)
                ORDER BY mailbox COLLATE "C", resource COLLATE "C"
                """
            ).map(Self.changeSubscription(from:))
        }
    }

    public func changeSubscription(id: String) async throws -> ChangeSubscription? {
        try await session("read a change subscription") { db in
            try await db.row("SELECT * FROM change_subscription WHERE id = \(id)").map(Self.changeSubscription(from:))
        }
    }

    public func deleteChangeSubscription(id: String) async throws {
        try await session("delete a change subscription") { db in
            try await db.execute("DELETE FROM change_subscription WHERE id = \(id)")
        }
    }

    static func changeSubscription(from row: PostgresRandomAccessRow) throws -> ChangeSubscription {
        ChangeSubscription(
            id: try row.value("id"), environment: try row.value("environment"), mailbox: try row.value("mailbox"),
            resource: try row.value("resource"), clientStateDigest: try row.value("client_state_digest"),
            expiresAt: try row.value("expires_at"))
    }
}
