import Foundation
import PostgresNIO

extension PostgresSyncStore: EnvironmentStore {
    @discardableResult
    public func registerEnvironment(_ name: String, configFingerprint: String?) async throws -> EnvironmentRegistration {
        let now = now()
        return try await transaction("register environment '\(name)'", environment: name) { db in
            // Two workers registering a new environment at once: the second insert does nothing,
            // and the row it then locks is the first one's.
            let inserted = try await db.rows(
                """
                INSERT INTO environment (name, config_fingerprint, registered_at, updated_at)
                VALUES (\(name), \(configFingerprint), \(now), \(now))
                ON CONFLICT (name) DO NOTHING RETURNING 1
                """)
            if !inserted.isEmpty { return .new }
            guard
                let existing = try await db.row(
                    "SELECT config_fingerprint FROM environment WHERE name = \(name) FOR NO KEY UPDATE")
            else { throw SyncStoreError.unknownEnvironment(name) }
            let previous: String? = try existing.value("config_fingerprint")
            if previous == configFingerprint { return .unchanged }
            try await db.execute(
                "UPDATE environment SET config_fingerprint = \(configFingerprint), updated_at = \(now) WHERE name = \(name)")
            return .changed(previousFingerprint: previous)
        }
    }

    public func environment(_ name: String) async throws -> StoredEnvironment? {
        try await session("read environment '\(name)'", environment: name) { db in
            try await db.row("SELECT * FROM environment WHERE name = \(name)").map(Self.environment(from:))
        }
    }

    public func environments() async throws -> [StoredEnvironment] {
        try await session("list environments") { db in
            try await db.rows("SELECT * FROM environment ORDER BY name").map(Self.environment(from:))
        }
    }

    public func setWebhookDelivery(environment: String, enabled: Bool) async throws {
        let now = now()
        try await session("set webhook delivery", environment: environment) { db in
            let updated = try await db.rows(
                "UPDATE environment SET webhook_delivery = \(enabled), updated_at = \(now) WHERE name = \(environment) RETURNING 1")
            if updated.isEmpty { throw SyncStoreError.unknownEnvironment(environment) }
        }
    }

    public func recordAPIChoice(environment: String, _ choice: StoredAPIChoice) async throws {
        try await session("record the API of environment '\(environment)'", environment: environment) { db in
            let updated = try await db.rows(
                """
                UPDATE environment SET api = \(choice.api), api_automatic = \(choice.automatic), api_notice = \(choice.notice),
                    api_decided_at = \(choice.decidedAt), updated_at = \(choice.decidedAt)
                WHERE name = \(environment) RETURNING 1
                """)
            if updated.isEmpty { throw SyncStoreError.unknownEnvironment(environment) }
        }
    }

    static func environment(from row: PostgresRandomAccessRow) throws -> StoredEnvironment {
        let api: String? = try row.value("api")
        return StoredEnvironment(
            name: try row.value("name"),
            configFingerprint: try row.value("config_fingerprint"),
            webhookDelivery: try row.value("webhook_delivery"),
            crmFeedHead: FeedPosition(try row.value("crm_feed_head", as: Int64.self)),
            outlookFeedHead: FeedPosition(try row.value("outlook_feed_head", as: Int64.self)),
            registeredAt: try row.value("registered_at"),
            apiChoice: try api.map { api in
                StoredAPIChoice(
                    api: api, automatic: try row.value("api_automatic"), notice: try row.value("api_notice"),
                    decidedAt: try row.value("api_decided_at"))
            })
    }
}
