import Foundation
import GRDB

extension SQLiteSyncStore: EnvironmentStore {
    @discardableResult
    public func registerEnvironment(_ name: String, configFingerprint: String?) async throws -> EnvironmentRegistration {
        let now = clock()
        return try await writing("register environment '\(name)'", environment: name) { db in
            let existing = try Row.fetchOne(
                db, sql: "SELECT config_fingerprint FROM environment WHERE name = ?", arguments: [name])
            guard let existing else {
                try db.execute(
                    sql: """
                        INSERT INTO environment (name, config_fingerprint, registered_at, updated_at)
                        VALUES (?, ?, ?, ?)
                        """,
                    arguments: [name, configFingerprint, now, now])
                return .new
            }
            let previous: String? = existing["config_fingerprint"]
            if previous == configFingerprint { return .unchanged }
            try db.execute(
                sql: "UPDATE environment SET config_fingerprint = ?, updated_at = ? WHERE name = ?",
                arguments: [configFingerprint, now, name])
            return .changed(previousFingerprint: previous)
        }
    }

    public func environment(_ name: String) async throws -> StoredEnvironment? {
        try await reading("read environment '\(name)'", environment: name) { db in
            try Row.fetchOne(db, sql: "SELECT * FROM environment WHERE name = ?", arguments: [name])
                .map(Self.environment(from:))
        }
    }

    public func environments() async throws -> [StoredEnvironment] {
        try await reading("list environments") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM environment ORDER BY name").map(Self.environment(from:))
        }
    }

    public func setWebhookDelivery(environment: String, enabled: Bool) async throws {
        let now = clock()
        try await writing("set webhook delivery", environment: environment) { db in
            try db.execute(
                sql: "UPDATE environment SET webhook_delivery = ?, updated_at = ? WHERE name = ?",
                arguments: [enabled, now, environment])
            if db.changesCount == 0 { throw SyncStoreError.unknownEnvironment(environment) }
        }
    }

    public func recordAPIChoice(environment: String, _ choice: StoredAPIChoice) async throws {
        try await writing("record the API of environment '\(environment)'", environment: environment) { db in
            try db.execute(
                sql: "UPDATE environment SET api = ?, api_automatic = ?, api_notice = ?, api_decided_at = ?, updated_at = ? WHERE name = ?",
                arguments: [choice.api, choice.automatic, choice.notice, choice.decidedAt, choice.decidedAt, environment])
            if db.changesCount == 0 { throw SyncStoreError.unknownEnvironment(environment) }
        }
    }

    static func environment(from row: Row) -> StoredEnvironment {
        let api: String? = row["api"]
        return StoredEnvironment(
            name: row["name"],
            configFingerprint: row["config_fingerprint"],
            webhookDelivery: row["webhook_delivery"],
            crmFeedHead: FeedPosition(row["crm_feed_head"] as Int64),
            outlookFeedHead: FeedPosition(row["outlook_feed_head"] as Int64),
            registeredAt: row["registered_at"],
            apiChoice: api.map { api in
                StoredAPIChoice(api: api, automatic: row["api_automatic"], notice: row["api_notice"], decidedAt: row["api_decided_at"])
            })
    }
}
