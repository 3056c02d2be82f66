import Foundation
import PostgresNIO
import SyncEngine

extension PostgresSyncStore: MailboxStore {
    @discardableResult
    public func enrolMailbox(environment: String, address: MailboxAddress) async throws -> MailboxStatus {
        let now = now()
        return try await transaction("enrol mailbox \(address)", environment: environment) { db in
            try await Self.requireEnvironment(db, environment)
            try await db.execute(
                """
                INSERT INTO mailbox (environment, address, state, enrolled_at) VALUES (\(environment), \(address.rawValue), 'enrolled', \(now))
                ON CONFLICT (environment, address) DO UPDATE SET state = 'enrolled'
                """)
            guard let status = try await Self.mailboxStatus(db, environment: environment, address: address) else {
                throw SyncStoreError.unknownMailbox(environment: environment, mailbox: address)
            }
            return status
        }
    }

    public func disableMailbox(environment: String, address: MailboxAddress) async throws {
        try await session("disable mailbox \(address)", environment: environment) { db in
            let updated = try await db.rows(
                "UPDATE mailbox SET state = 'disabled' WHERE environment = \(environment) AND address = \(address.rawValue) RETURNING 1")
            if updated.isEmpty { try await Self.requireMailbox(db, environment, address) }
        }
    }

    public func removeMailbox(environment: String, address: MailboxAddress) async throws {
        try await transaction("remove mailbox \(address)", environment: environment) { db in
            try await Self.requireMailbox(db, environment, address)
            // Links, sync states and intents go by cascade; the CRM feed position is keyed by text.
            try await db.execute(
                "DELETE FROM crm_feed_position WHERE environment = \(environment) AND consumer = \(address.rawValue)")
            try await db.execute("DELETE FROM mailbox WHERE environment = \(environment) AND address = \(address.rawValue)")
        }
    }

    public func mailbox(environment: String, address: MailboxAddress) async throws -> MailboxStatus? {
        try await transaction("read mailbox \(address)", environment: environment, mode: .snapshotRead) { db in
            try await Self.mailboxStatus(db, environment: environment, address: address)
        }
    }

    public func mailboxes(environment: String, state: MailboxState?) async throws -> [MailboxStatus] {
        try await transaction("list mailboxes", environment: environment, mode: .snapshotRead) { db in
            let rows = try await db.rows(
                """
                SELECT * FROM mailbox WHERE environment = \(environment) AND (\(state?.rawValue)::text IS NULL OR state = \(state?.rawValue))
                ORDER BY address
                """)
            var counts: [String: [EntityKind: Int]] = [:]
            for row in try await db.rows(
                "SELECT mailbox, entity, COUNT(*) AS n FROM link WHERE environment = \(environment) GROUP BY mailbox, entity")
            {
                guard let entity = EntityKind(rawValue: try row.value("entity")) else { continue }
                counts[try row.value("mailbox"), default: [:]][entity] = Int(try row.value("n", as: Int64.self))
            }
            let failed = try await Self.failedItemCounts(db, environment: environment)
            return try rows.map { row in
                let address: String = try row.value("address")
                return try Self.mailboxStatus(from: row, itemCounts: counts[address] ?? [:], failedItems: failed[address] ?? 0)
            }
        }
    }

    public func recordSyncFailure(
        environment: String, address: MailboxAddress, message: String, diagnostic: String?
    ) async throws {
        let now = now()
        try await session("record a sync failure of \(address)", environment: environment) { db in
            let updated = try await db.rows(
                """
                UPDATE mailbox SET last_attempt_at = \(now), last_error = \(message), last_error_diagnostic = \(diagnostic),
                    last_error_at = \(now)
                WHERE environment = \(environment) AND address = \(address.rawValue) RETURNING 1
                """)
            if updated.isEmpty { try await Self.requireMailbox(db, environment, address) }
        }
    }

    static func markMailboxSynced(_ db: PostgresSession, environment: String, address: MailboxAddress, at now: Date) async throws {
        let updated = try await db.rows(
            """
            UPDATE mailbox SET last_attempt_at = \(now), last_success_at = \(now),
                last_error = NULL, last_error_diagnostic = NULL, last_error_at = NULL
            WHERE environment = \(environment) AND address = \(address.rawValue) RETURNING 1
            """)
        if updated.isEmpty { try await requireMailbox(db, environment, address) }
    }

    static func mailboxStatus(_ db: PostgresSession, environment: String, address: MailboxAddress) async throws -> MailboxStatus? {
        guard
            let row = try await db.row(
                "SELECT * FROM mailbox WHERE environment = \(environment) AND address = \(address.rawValue)")
        else { return nil }
        var counts: [EntityKind: Int] = [:]
        for count in try await db.rows(
            """
            SELECT entity, COUNT(*) AS n FROM link WHERE environment = \(environment) AND mailbox = \(address.rawValue)
            GROUP BY entity
            """)
        {
            if let entity = EntityKind(rawValue: try count.value("entity")) { counts[entity] = Int(try count.value("n", as: Int64.self)) }
        }
        let failed =
            try await db.value(
                "SELECT COUNT(*) FROM failed_item WHERE environment = \(environment) AND mailbox = \(address.rawValue)",
                as: Int64.self) ?? 0
        return try mailboxStatus(from: row, itemCounts: counts, failedItems: Int(failed))
    }

    static func mailboxStatus(from row: PostgresRandomAccessRow, itemCounts: [EntityKind: Int], failedItems: Int) throws
        -> MailboxStatus
    {
        let failure: MailboxSyncFailure? =
            if let message: String = try row.value("last_error") {
                MailboxSyncFailure(
                    message: message, diagnostic: try row.value("last_error_diagnostic"), at: try row.value("last_error_at"))
            } else {
                nil
            }
        return MailboxStatus(
            environment: try row.value("environment"),
            address: MailboxAddress(try row.value("address", as: String.self)),
            state: MailboxState(rawValue: try row.value("state")) ?? .disabled,
            enrolledAt: try row.value("enrolled_at"),
            lastAttemptAt: try row.value("last_attempt_at"),
            lastSuccessAt: try row.value("last_success_at"),
            lastFailure: failure,
            itemCounts: itemCounts,
            failedItems: failedItems)
    }
}
