import Foundation
import PostgresNIO

extension PostgresSyncStore {
    @discardableResult
    public func pruneFeeds(environment: String, before date: Date, batchSize: Int) async throws -> FeedPruning {
        let batchSize = max(1, batchSize)
        // Each batch is a transaction of its own: a cycle's commit waits for one batch at most.
        var pruning = FeedPruning(crmChanges: 0, outlookChanges: 0)
        while true {
            let removed = try await transaction("prune the CRM change feed", environment: environment) { db in
                let horizon = try await Self.crmFeedHorizon(db, environment: environment)
                return try await db.rows(
                    """
                    DELETE FROM crm_change WHERE environment = \(environment) AND position IN (
                        SELECT position FROM crm_change
                        WHERE environment = \(environment) AND position <= \(horizon.rawValue) AND recorded_at < \(date)
                        ORDER BY position LIMIT \(batchSize))
                    RETURNING 1
                    """
                ).count
            }
            pruning.crmChanges += removed
            if removed < batchSize { break }
        }
        while true {
            let removed = try await session("prune the Outlook change feed", environment: environment) { db in
                try await db.rows(
                    """
                    DELETE FROM outlook_change WHERE environment = \(environment) AND position IN (
                        SELECT c.position FROM outlook_change c
                        WHERE c.environment = \(environment) AND c.occurred_at < \(date)
                        AND NOT EXISTS (
                            SELECT 1 FROM webhook_outbox w
                            WHERE w.environment = c.environment AND w.position = c.position AND w.delivered_at IS NULL)
                        ORDER BY c.position LIMIT \(batchSize))
                    RETURNING 1
                    """
                ).count
            }
            pruning.outlookChanges += removed
            if removed < batchSize { break }
        }
        return pruning
    }

    @discardableResult
    public func purgeReadTombstones(environment: String, before date: Date) async throws -> Int {
        try await transaction("purge tombstones", environment: environment) { db in
            let horizon = try await Self.crmFeedHorizon(db, environment: environment)
            return try await db.rows(
                """
                DELETE FROM record WHERE environment = \(environment) AND deleted AND updated_at < \(date)
                AND NOT EXISTS (
                    SELECT 1 FROM crm_change c
                    WHERE c.environment = record.environment AND c.entity = record.entity
                    AND c.record_id = record.record_id AND c.position > \(horizon.rawValue))
                RETURNING 1
                """
            ).count
        }
    }

    /// The CRM feed position every consumer has read past (the feed's head when none reads it:
    /// a mailbox without a position reads every record it owns on its first cycle, not the feed).
    static func crmFeedHorizon(_ db: PostgresSession, environment: String) async throws -> FeedPosition {
        if let lowest = try await db.value(
            "SELECT MIN(position) FROM crm_feed_position WHERE environment = \(environment)", as: Int64?.self), let lowest
        {
            return FeedPosition(lowest)
        }
        let head = try await db.value("SELECT crm_feed_head FROM environment WHERE name = \(environment)", as: Int64.self)
        return FeedPosition(head ?? 0)
    }

    /// Throws `feedPruned` when entries after `position` are gone: positions are gapless, so the
    /// oldest entry kept (or the head, when none is kept) tells.
    static func requireOutlookFeedKept(_ db: PostgresSession, environment: String, after position: FeedPosition) async throws {
        let oldest = try await db.value(
            "SELECT MIN(position) FROM outlook_change WHERE environment = \(environment)", as: Int64?.self) ?? nil
        let head = try await db.value("SELECT outlook_feed_head FROM environment WHERE name = \(environment)", as: Int64.self) ?? 0
        let firstKept = oldest ?? head + 1
        if position.rawValue + 1 < firstKept {
            throw SyncStoreError.feedPruned(environment: environment, position: position, oldest: FeedPosition(firstKept))
        }
    }
}
