import Foundation
import GRDB

extension SQLiteSyncStore: ChangeSubscriptionStore {
    public func saveChangeSubscription(_ subscription: ChangeSubscription) async throws {
        try await writing("save a change subscription", environment: subscription.environment) { db in
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO change_subscription (id, environment, mailbox, resource, client_state_digest, expires_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    subscription.id, subscription.environment, subscription.mailbox, subscription.resource,
                    subscription.clientStateDigest, subscription.expiresAt,
                ])
        }
    }

    public func changeSubscriptions(environment: String) async throws -> [ChangeSubscription] {
        try await reading("list change subscriptions", environment: environment) { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM change_subscription WHERE environment = ? ORDER BY mailbox, resource", arguments: [environment]
            ).map(Self.changeSubscription(from:))
        }
    }

    public func changeSubscription(id: String) async throws -> ChangeSubscription? {
        try await reading("read a change subscription") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM change_subscription WHERE id = ?", arguments: [id]).map(Self.changeSubscription(from:))
        }
    }

    public func deleteChangeSubscription(id: String) async throws {
        try await writing("delete a change subscription") { db in
            try db.execute(sql: "DELETE FROM change_subscription WHERE id = ?", arguments: [id])
        }
    }

    static func changeSubscription(from row: Row) -> ChangeSubscription {
        ChangeSubscription(
            id: row["id"], environment: row["environment"], mailbox: row["mailbox"], resource: row["resource"],
            clientStateDigest: row["client_state_digest"], expiresAt: row["expires_at"])
    }
}
