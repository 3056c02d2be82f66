import Foundation
import GRDB
import SyncEngine

extension SQLiteSyncStore {
    @discardableResult
    public func pruneFeeds(environment: String, before date: Date, batchSize: Int) async throws -> FeedPruning {
        let batchSize = max(1, batchSize)
        // Each batch is a transaction of its own: a cycle's commit waits for one batch at most.
        var pruning = FeedPruning(crmChanges: 0, outlookChanges: 0)
        while true {
            let removed = try await writing("prune the CRM change feed", environment: environment) { db in
                let horizon = try Self.crmFeedHorizon(db, environment: environment)
                try db.execute(
                    sql: """
                        DELETE FROM crm_change WHERE environment = ? AND position IN (
                            SELECT position FROM crm_change
                            WHERE environment = ? AND position <= ? AND recorded_at < ?
                            ORDER BY position LIMIT ?)
                        """,
                    arguments: [environment, environment, horizon.rawValue, date, batchSize])
                return db.changesCount
            }
            pruning.crmChanges += removed
            if removed < batchSize { break }
        }
        while true {
            let removed = try await writing("prune the Outlook change feed", environment: environment) { db in
                try db.execute(
                    sql: """
                        DELETE FROM outlook_change WHERE environment = ? AND position IN (
                            SELECT c.position FROM outlook_change c
                            WHERE c.environment = ? AND c.occurred_at < ?
                            AND NOT EXISTS (
                                SELECT 1 FROM webhook_outbox w
                                WHERE w.environment = c.environment AND w.position = c.position AND w.delivered_at IS NULL)
                            ORDER BY c.position LIMIT ?)
                        """,
                    arguments: [environment, environment, date, batchSize])
                return db.changesCount
            }
            pruning.outlookChanges += removed
            if removed < batchSize { break }
        }
        return pruning
    }

    @discardableResult
    public func purgeReadTombstones(environment: String, before date: Date) async throws -> Int {
        try await writing("purge tombstones", environment: environment) { db in
            let horizon = try Self.crmFeedHorizon(db, environment: environment)
            try db.execute(
                sql: """
                    DELETE FROM record WHERE environment = ? AND deleted = 1 AND updated_at < ?
                    AND NOT EXISTS (
                        SELECT 1 FROM crm_change c
                        WHERE c.environment = record.environment AND c.entity = record.entity
                        AND c.record_id = record.record_id AND c.position > ?)
                    """,
                arguments: [environment, date, horizon.rawValue])
            return db.changesCount
        }
    }

    /// The CRM feed position every consumer has read past (the feed's head when none reads it:
    /// a mailbox without a position reads every record it owns on its first cycle, not the feed).
    static func crmFeedHorizon(_ db: Database, environment: String) throws -> FeedPosition {
        if let lowest = try Int64.fetchOne(
            db, sql: "SELECT MIN(position) FROM crm_feed_position WHERE environment = ?", arguments: [environment])
        {
            return FeedPosition(lowest)
        }
        let head = try Int64.fetchOne(db, sql: "SELECT crm_feed_head FROM environment WHERE name = ?", arguments: [environment])
        return FeedPosition(head ?? 0)
    }

    /// Throws `feedPruned` when entries after `position` are gone: positions are gapless, so the
    /// oldest entry kept (or the head, when none is kept) tells.
    static func requireOutlookFeedKept(_ db: Database, environment: String, after position: FeedPosition) throws {
        let oldest = try Int64.fetchOne(
            db, sql: "SELECT MIN(position) FROM outlook_change WHERE environment = ?", arguments: [environment])
        let head = try Int64.fetchOne(
            db, sql: "SELECT outlook_feed_head FROM environment WHERE name = ?", arguments: [environment]) ?? 0
        let firstKept = oldest ?? head + 1
        if position.rawValue + 1 < firstKept {
            throw SyncStoreError.feedPruned(environment: environment, position: position, oldest: FeedPosition(firstKept))
        }
    }
}
