import Foundation
import GRDB
import SyncEngine

extension SQLiteSyncStore: MailboxStore {
    @discardableResult
    public func enrolMailbox(environment: String, address: MailboxAddress) async throws -> MailboxStatus {
        let now = clock()
        return try await writing("enrol mailbox \(address)", environment: environment) { db in
            try Self.requireEnvironment(db, environment)
            try db.execute(
                sql: """
                    INSERT INTO mailbox (environment, address, state, enrolled_at) VALUES (?, ?, 'enrolled', ?)
                    ON CONFLICT (environment, address) DO UPDATE SET state = 'enrolled'
                    """,
                arguments: [environment, address.rawValue, now])
            guard let status = try Self.mailboxStatus(db, environment: environment, address: address) else {
                throw SyncStoreError.unknownMailbox(environment: environment, mailbox: address)
            }
            return status
        }
    }

    public func disableMailbox(environment: String, address: MailboxAddress) async throws {
        try await writing("disable mailbox \(address)", environment: environment) { db in
            try db.execute(
                sql: "UPDATE mailbox SET state = 'disabled' WHERE environment = ? AND address = ?",
                arguments: [environment, address.rawValue])
            if db.changesCount == 0 { try Self.requireMailbox(db, environment, address) }
        }
    }

    public func removeMailbox(environment: String, address: MailboxAddress) async throws {
        try await writing("remove mailbox \(address)", environment: environment) { db in
            try Self.requireMailbox(db, environment, address)
            // Links, sync states and intents go by cascade; the CRM feed position is keyed by text.
            try db.execute(
                sql: "DELETE FROM crm_feed_position WHERE environment = ? AND consumer = ?",
                arguments: [environment, address.rawValue])
            try db.execute(
                sql: "DELETE FROM mailbox WHERE environment = ? AND address = ?",
                arguments: [environment, address.rawValue])
        }
    }

    public func mailbox(environment: String, address: MailboxAddress) async throws -> MailboxStatus? {
        try await reading("read mailbox \(address)", environment: environment) { db in
            try Self.mailboxStatus(db, environment: environment, address: address)
        }
    }

    public func mailboxes(environment: String, state: MailboxState?) async throws -> [MailboxStatus] {
        try await reading("list mailboxes", environment: environment) { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM mailbox WHERE environment = ? AND (? IS NULL OR state = ?) ORDER BY address
                    """,
                arguments: [environment, state?.rawValue, state?.rawValue])
            var counts: [String: [EntityKind: Int]] = [:]
            for row in try Row.fetchAll(
                db,
                sql: "SELECT mailbox, entity, COUNT(*) AS n FROM link WHERE environment = ? GROUP BY mailbox, entity",
                arguments: [environment])
            {
                guard let entity = EntityKind(rawValue: row["entity"]) else { continue }
                counts[row["mailbox"], default: [:]][entity] = row["n"]
            }
            let failed = try Self.failedItemCounts(db, environment: environment)
            return rows.map { row in
                let address: String = row["address"]
                return Self.mailboxStatus(from: row, itemCounts: counts[address] ?? [:], failedItems: failed[address] ?? 0)
            }
        }
    }

    public func recordSyncFailure(
        environment: String, address: MailboxAddress, message: String, diagnostic: String?
    ) async throws {
        let now = clock()
        try await writing("record a sync failure of \(address)", environment: environment) { db in
            try db.execute(
                sql: """
                    UPDATE mailbox SET last_attempt_at = ?, last_error = ?, last_error_diagnostic = ?, last_error_at = ?
                    WHERE environment = ? AND address = ?
                    """,
                arguments: [now, message, diagnostic, now, environment, address.rawValue])
            if db.changesCount == 0 { try Self.requireMailbox(db, environment, address) }
        }
    }

    static func markMailboxSynced(_ db: Database, environment: String, address: MailboxAddress, at now: Date) throws {
        try db.execute(
            sql: """
                UPDATE mailbox SET last_attempt_at = ?, last_success_at = ?,
                    last_error = NULL, last_error_diagnostic = NULL, last_error_at = NULL
                WHERE environment = ? AND address = ?
                """,
            arguments: [now, now, environment, address.rawValue])
        if db.changesCount == 0 { try requireMailbox(db, environment, address) }
    }

    static func mailboxStatus(_ db: Database, environment: String, address: MailboxAddress) throws -> MailboxStatus? {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT * FROM mailbox WHERE environment = ? AND address = ?",
                arguments: [environment, address.rawValue])
        else { return nil }
        var counts: [EntityKind: Int] = [:]
        for count in try Row.fetchAll(
            db,
            sql: "SELECT entity, COUNT(*) AS n FROM link WHERE environment = ? AND mailbox = ? GROUP BY entity",
            arguments: [environment, address.rawValue])
        {
            if let entity = EntityKind(rawValue: count["entity"]) { counts[entity] = count["n"] }
        }
        let failed = try Int.fetchOne(
            db, sql: "SELECT COUNT(*) FROM failed_item WHERE environment = ? AND mailbox = ?",
            arguments: [environment, address.rawValue]) ?? 0
        return mailboxStatus(from: row, itemCounts: counts, failedItems: failed)
    }

    static func mailboxStatus(from row: Row, itemCounts: [EntityKind: Int], failedItems: Int) -> MailboxStatus {
        let failure: MailboxSyncFailure? =
            if let message: String = row["last_error"] {
                MailboxSyncFailure(message: message, diagnostic: row["last_error_diagnostic"], at: row["last_error_at"])
            } else {
                nil
            }
        return MailboxStatus(
            environment: row["environment"],
            address: MailboxAddress(row["address"] as String),
            state: MailboxState(rawValue: row["state"]) ?? .disabled,
            enrolledAt: row["enrolled_at"],
            lastAttemptAt: row["last_attempt_at"],
            lastSuccessAt: row["last_success_at"],
            lastFailure: failure,
            itemCounts: itemCounts,
            failedItems: failedItems)
    }
}
