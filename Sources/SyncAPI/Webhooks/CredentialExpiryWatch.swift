import Foundation
import Logging
import ServiceLifecycle
import SyncStore

/// Looks at every running environment's credential expiry at start and then every hour, and
/// queues a `credential.expiring` event for the webhook at 30, 7 and 1 days left and once
/// expired (the store keeps one per mark, whichever worker sees it first), with a log line.
public struct CredentialExpiryWatch: Service {
    let store: any SyncStore
    let operations: any SyncOperations
    let interval: Duration
    let clock: @Sendable () -> Date
    let logger: Logger

    public init(
        store: any SyncStore, operations: any SyncOperations, interval: Duration = .seconds(3_600),
        clock: @escaping @Sendable () -> Date = { Date() }, logger: Logger = Logger(label: "prextra-sync.expiry")
    ) {
        self.store = store
        self.operations = operations
        self.interval = interval
        self.clock = clock
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            do {
                try await check()
            } catch {
                logger.warning("the credential expiry check failed: \(error)")
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }

    /// One look: the events queued now.
    @discardableResult
    public func check() async throws -> [ServiceEvent] {
        var queued: [ServiceEvent] = []
        let now = clock()
        for fact in await operations.environmentFacts() {
            guard let event = ServiceEventFactory.credentialExpiring(fact, at: now), try await store.queueServiceEvent(event) else { continue }
            queued.append(event)
            let days = fact.daysLeft(at: now) ?? 0
            logger.warning(
                days < 0 ? "the credential has expired" : "the credential expires soon",
                metadata: ["environment": "\(fact.name)", "daysLeft": "\(days)"])
        }
        return queued
    }
}
