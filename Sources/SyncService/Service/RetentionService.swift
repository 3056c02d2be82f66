import Foundation
import Logging
import ServiceConfiguration
import ServiceLifecycle
import SyncStore

/// Keeps the store's size proportional to live data: every `interval` it prunes each
/// environment's history, change feeds and read tombstones older than the retention settings.
///
/// Pruning deletes in short batches (each its own transaction), so a cycle's commit waits for
/// one batch at most; a failure is logged and tried again at the next pass, never fatal.
public struct RetentionService: Service {
    public let store: any SyncStore
    public let retention: RetentionSettings
    public let interval: Duration
    public let batchSize: Int
    public let clock: @Sendable () -> Date
    public let logger: Logger

    public init(
        store: any SyncStore, retention: RetentionSettings, interval: Duration = .seconds(3600), batchSize: Int = 2_000,
        clock: @escaping @Sendable () -> Date = { Date() }, logger: Logger = Logger(label: "prextra-sync.retention")
    ) {
        self.store = store
        self.retention = retention
        self.interval = interval
        self.batchSize = batchSize
        self.clock = clock
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isCancelled {
            await pruneOnce()
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                return
            }
        }
    }

    /// One pass over every environment the store knows.
    public func pruneOnce() async {
        let environments: [StoredEnvironment]
        do {
            environments = try await store.environments()
        } catch {
            logger.warning("retention: could not list the environments", metadata: ["error": "\(error)"])
            return
        }
        let now = clock()
        for environment in environments {
            guard !Task.isCancelled else { return }
            do {
                let history = try await store.pruneHistory(environment: environment.name, before: now.addingDays(-retention.historyDays))
                let feeds = try await store.pruneFeeds(
                    environment: environment.name, before: now.addingDays(-retention.feedDays), batchSize: batchSize)
                let tombstones = try await store.purgeReadTombstones(
                    environment: environment.name, before: now.addingDays(-retention.tombstoneDays))
                let removed = history.runs + history.decisions + history.conflicts + history.webhookDeliveries
                    + history.resolvedIntents + feeds.crmChanges + feeds.outlookChanges + tombstones
                guard removed > 0 else { continue }
                logger.info(
                    "retention: pruned",
                    metadata: [
                        "environment": "\(environment.name)", "runs": "\(history.runs)", "decisions": "\(history.decisions)",
                        "conflicts": "\(history.conflicts)", "webhooks": "\(history.webhookDeliveries)",
                        "intents": "\(history.resolvedIntents)", "crm_feed": "\(feeds.crmChanges)",
                        "outlook_feed": "\(feeds.outlookChanges)", "tombstones": "\(tombstones)",
                    ])
            } catch {
                logger.warning(
                    "retention: pruning failed; trying again at the next pass",
                    metadata: ["environment": "\(environment.name)", "error": "\(error)"])
            }
        }
    }
}

extension Date {
    fileprivate func addingDays(_ days: Int) -> Date { addingTimeInterval(Double(days) * 86_400) }
}
