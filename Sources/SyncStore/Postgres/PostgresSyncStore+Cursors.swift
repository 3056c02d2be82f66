import Foundation
import PostgresNIO
import SyncEngine

extension PostgresSyncStore: CursorStore {
    public func syncState(environment: String, mailbox: MailboxAddress, folderID: String) async throws -> String? {
        try await session("read a sync state", environment: environment) { db in
            try await Self.syncState(db, environment: environment, mailbox: mailbox, folderID: folderID)
        }
    }

    public func syncStates(environment: String, mailbox: MailboxAddress) async throws -> [String: String] {
        try await session("read sync states", environment: environment) { db in
            var states: [String: String] = [:]
            for row in try await db.rows(
                "SELECT folder_id, state FROM sync_state WHERE environment = \(environment) AND mailbox = \(mailbox.rawValue)")
            {
                states[try row.value("folder_id")] = try row.value("state")
            }
            return states
        }
    }

    public func crmFeedPosition(environment: String, consumer: CRMFeedConsumer) async throws -> FeedPosition {
        try await session("read a CRM feed position", environment: environment) { db in
            try await Self.crmFeedPosition(db, environment: environment, consumer: consumer)
        }
    }

    // MARK: - Writes, within a unit of work (compare-and-set)

    /// Moves the folder's sync state from `from` to `to` in one conditional statement: under READ
    /// COMMITTED, a concurrent commit that moved it first makes the condition false (PostgreSQL
    /// re-checks it on the newest row), and the unit of work fails with `syncStateMoved`.
    static func setSyncState(
        _ db: PostgresSession, environment: String, mailbox: MailboxAddress, folderID: String, from: String?, to: String?,
        at now: Date
    ) async throws {
        try await requireMailbox(db, environment, mailbox)
        let moved: Bool
        switch (from, to) {
        case (nil, let to?):
            moved = try await db.rows(
                """
                INSERT INTO sync_state (environment, mailbox, folder_id, state, updated_at)
                VALUES (\(environment), \(mailbox.rawValue), \(folderID), \(to), \(now))
                ON CONFLICT (environment, mailbox, folder_id) DO NOTHING RETURNING 1
                """
            ).isEmpty
        case (let from?, let to?):
            moved = try await db.rows(
                """
                UPDATE sync_state SET state = \(to), updated_at = \(now)
                WHERE environment = \(environment) AND mailbox = \(mailbox.rawValue) AND folder_id = \(folderID)
                    AND state = \(from)
                RETURNING 1
                """
            ).isEmpty
        case (let from?, nil):
            moved = try await db.rows(
                """
                DELETE FROM sync_state
                WHERE environment = \(environment) AND mailbox = \(mailbox.rawValue) AND folder_id = \(folderID)
                    AND state = \(from)
                RETURNING 1
                """
            ).isEmpty
        case (nil, nil):
            moved = try await syncState(db, environment: environment, mailbox: mailbox, folderID: folderID) != nil
        }
        if moved { throw SyncStoreError.syncStateMoved(environment: environment, mailbox: mailbox, folderID: folderID) }
    }

    /// Compare-and-set like `setSyncState`; a consumer without a row is at position 0.
    static func setCRMFeedPosition(
        _ db: PostgresSession, environment: String, consumer: CRMFeedConsumer, from: FeedPosition, to: FeedPosition,
        at now: Date
    ) async throws {
        try await requireEnvironment(db, environment)
        let key = consumerKey(consumer)
        var moved = try await db.rows(
            """
            UPDATE crm_feed_position SET position = \(to.rawValue), updated_at = \(now)
            WHERE environment = \(environment) AND consumer = \(key) AND position = \(from.rawValue)
            RETURNING 1
            """
        ).isEmpty
        if moved, from == .start {
            moved = try await db.rows(
                """
                INSERT INTO crm_feed_position (environment, consumer, position, updated_at)
                VALUES (\(environment), \(key), \(to.rawValue), \(now))
                ON CONFLICT (environment, consumer) DO NOTHING RETURNING 1
                """
            ).isEmpty
        }
        if moved { throw SyncStoreError.crmFeedPositionMoved(environment: environment, consumer: consumer) }
    }

    // MARK: - Rows

    static func syncState(_ db: PostgresSession, environment: String, mailbox: MailboxAddress, folderID: String) async throws
        -> String?
    {
        try await db.value(
            """
            SELECT state FROM sync_state
            WHERE environment = \(environment) AND mailbox = \(mailbox.rawValue) AND folder_id = \(folderID)
            """)
    }

    static func crmFeedPosition(_ db: PostgresSession, environment: String, consumer: CRMFeedConsumer) async throws
        -> FeedPosition
    {
        let position = try await db.value(
            "SELECT position FROM crm_feed_position WHERE environment = \(environment) AND consumer = \(consumerKey(consumer))",
            as: Int64.self)
        return FeedPosition(position ?? 0)
    }

    static func consumerKey(_ consumer: CRMFeedConsumer) -> String { SQLiteSyncStore.consumerKey(consumer) }
}
