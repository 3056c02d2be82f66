import Foundation
import GRDB
import SyncEngine

extension SQLiteSyncStore: CursorStore {
    public func syncState(environment: String, mailbox: MailboxAddress, folderID: String) async throws -> String? {
        try await reading("read a sync state", environment: environment) { db in
            try Self.syncState(db, environment: environment, mailbox: mailbox, folderID: folderID)
        }
    }

    public func syncStates(environment: String, mailbox: MailboxAddress) async throws -> [String: String] {
        try await reading("read sync states", environment: environment) { db in
            var states: [String: String] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT folder_id, state FROM sync_state WHERE environment = ? AND mailbox = ?",
                arguments: [environment, mailbox.rawValue])
            {
                states[row["folder_id"]] = row["state"]
            }
            return states
        }
    }

    public func crmFeedPosition(environment: String, consumer: CRMFeedConsumer) async throws -> FeedPosition {
        try await reading("read a CRM feed position", environment: environment) { db in
            try Self.crmFeedPosition(db, environment: environment, consumer: consumer)
        }
    }

    // MARK: - Writes, within a unit of work (compare-and-set)

    static func setSyncState(
        _ db: Database, environment: String, mailbox: MailboxAddress, folderID: String, from: String?, to: String?,
        at now: Date
    ) throws {
        try requireMailbox(db, environment, mailbox)
        let current = try syncState(db, environment: environment, mailbox: mailbox, folderID: folderID)
        guard current == from else {
            throw SyncStoreError.syncStateMoved(environment: environment, mailbox: mailbox, folderID: folderID)
        }
        if let to {
            try db.execute(
                sql: """
                    INSERT INTO sync_state (environment, mailbox, folder_id, state, updated_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (environment, mailbox, folder_id) DO UPDATE SET state = excluded.state,
                        updated_at = excluded.updated_at
                    """,
                arguments: [environment, mailbox.rawValue, folderID, to, now])
        } else {
            try db.execute(
                sql: "DELETE FROM sync_state WHERE environment = ? AND mailbox = ? AND folder_id = ?",
                arguments: [environment, mailbox.rawValue, folderID])
        }
    }

    static func setCRMFeedPosition(
        _ db: Database, environment: String, consumer: CRMFeedConsumer, from: FeedPosition, to: FeedPosition,
        at now: Date
    ) throws {
        try requireEnvironment(db, environment)
        guard try crmFeedPosition(db, environment: environment, consumer: consumer) == from else {
            throw SyncStoreError.crmFeedPositionMoved(environment: environment, consumer: consumer)
        }
        try db.execute(
            sql: """
                INSERT INTO crm_feed_position (environment, consumer, position, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (environment, consumer) DO UPDATE SET position = excluded.position,
                    updated_at = excluded.updated_at
                """,
            arguments: [environment, consumerKey(consumer), to.rawValue, now])
    }

    // MARK: - Rows

    static func syncState(_ db: Database, environment: String, mailbox: MailboxAddress, folderID: String) throws
        -> String?
    {
        try String.fetchOne(
            db, sql: "SELECT state FROM sync_state WHERE environment = ? AND mailbox = ? AND folder_id = ?",
            arguments: [environment, mailbox.rawValue, folderID])
    }

    static func crmFeedPosition(_ db: Database, environment: String, consumer: CRMFeedConsumer) throws -> FeedPosition {
        let position = try Int64.fetchOne(
            db, sql: "SELECT position FROM crm_feed_position WHERE environment = ? AND consumer = ?",
            arguments: [environment, consumerKey(consumer)])
        return FeedPosition(position ?? 0)
    }

    static func consumerKey(_ consumer: CRMFeedConsumer) -> String {
        switch consumer {
        case .environment: ""
        case .mailbox(let address): address.rawValue
        }
    }
}
