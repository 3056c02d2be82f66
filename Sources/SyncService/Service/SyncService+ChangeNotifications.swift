import Foundation
import Logging
import ServiceLifecycle
import SyncEngine
import SyncStore

/// Near-real-time sync from Outlook: Microsoft Graph change notifications (subscriptions kept
/// by `keepSubscriptions`, notifications answered by `receiveGraphNotification`). A
/// notification never carries data into the store: it starts the mailbox's cycle, which reads
/// the change through delta like any other.
extension SyncService {
    /// How long an environment whose subscriptions failed waits before it tries again.
    static let subscriptionRetryDelay: TimeInterval = 300

    /// Every `subscriptionCheckInterval` until graceful shutdown: the subscriptions of every
    /// Graph environment with `Notifications` (`GraphSubscriptionMaintenance`).
    func keepSubscriptions() async {
        while !isStopping, !Task.isCancelled {
            for environment in environments {
                await maintainSubscriptions(of: environment)
            }
            guard !isStopping else { break }
            let pause = settings.subscriptionCheckInterval
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: pause) }
            } catch {
                break
            }
        }
    }

    /// One pass over the environment's subscriptions, unless it failed less than
    /// `subscriptionRetryDelay` ago (`force` ignores that: a subscription was removed).
    /// A failure is logged with its cause and its fix; the environment goes on by polling.
    public func maintainSubscriptions(of environment: SyncEnvironment, force: Bool = false) async {
        guard let notifications = environment.notifications, let subscriber = environment.connector as? any ChangeSubscribing else {
            return
        }
        let now = clock()
        if !force, let retry = subscriptionRetry.withLock({ $0[environment.name] }), now < retry { return }
        var maintenance = GraphSubscriptionMaintenance(
            environment: environment, notifications: notifications, subscriber: subscriber, store: store, health: notificationHealth,
            now: now)
        let name = environment.name
        maintenance.isMine = { [weak self] mailbox in self?.isAssignedHere(environment: name, mailbox: mailbox) ?? false }
        do {
            let report = try await maintenance.run()
            if report.created + report.renewed + report.deleted > 0 {
                logger.info(
                    "Graph change subscriptions kept",
                    metadata: [
                        "environment": "\(environment.name)", "created": "\(report.created)", "renewed": "\(report.renewed)",
                        "deleted": "\(report.deleted)",
                    ])
            }
            guard let (mailbox, cause) = report.failures.min(by: { $0.key < $1.key }) else {
                subscriptionRetry.withLock { _ = $0.removeValue(forKey: environment.name) }
                return
            }
            subscriptionRetry.withLock { $0[environment.name] = now.addingTimeInterval(Self.subscriptionRetryDelay) }
            logger.error(
                "Microsoft Graph refused change notifications for \(report.failures.count) mailbox(es); they are synchronized by polling",
                metadata: [
                    "environment": "\(environment.name)", "mailbox": "\(mailbox)", "notificationUrl": "\(notifications.url.absoluteString)",
                    "cause": "\(cause)",
                    "remedy": "Check that Notifications:Url is public, https, and reaches this service's /v1/notifications/graph route (Graph must get the validation token back within 10 s); `prextra-sync verify` checks it. Retried in 5 minutes.",
                ])
        } catch {
            logger.error(
                "could not keep the environment's change subscriptions",
                metadata: ["environment": "\(environment.name)", "error": "\(error)"])
        }
    }

    /// Answers a POST from Microsoft Graph on the notification URL, within Graph's 3 s: the
    /// validation handshake, or notifications checked against their subscription's
    /// `clientState` and turned into cycles (debounced like ERP writes, so a flood of
    /// notifications for one mailbox makes a bounded number of cycles). Lifecycle events:
    /// `missed` runs a cycle, `subscriptionRemoved` creates the subscription again,
    /// `reauthorizationRequired` reauthorizes it; all of that after the answer.
    public func receiveGraphNotification(_ delivery: GraphNotificationDelivery) async -> GraphNotificationReceipt {
        if let token = delivery.validationToken { return .validated(token: token) }
        guard let batch = try? JSONDecoder().decode(GraphNotificationDelivery.Batch.self, from: delivery.body) else { return .malformed }
        var accepted = 0, refused = 0
        var cycles: [String: Set<MailboxAddress>] = [:]
        for notification in batch.value {
            guard let id = notification.subscriptionId, let subscription = try? await store.changeSubscription(id: id),
                ClientState.matches(notification.clientState, digest: subscription.clientStateDigest),
                let environment = environment(named: subscription.environment)
            else {
                refused += 1
                logger.warning(
                    "a change notification was refused: unknown subscription or wrong clientState",
                    metadata: ["subscription": "\(notification.subscriptionId ?? "none")"])
                continue
            }
            accepted += 1
            let mailbox = MailboxAddress(subscription.mailbox)
            switch notification.lifecycleEvent {
            case "subscriptionRemoved":
                notificationHealth.markUnhealthy(environment: environment.name, mailbox: mailbox)
                runOnDemand {
                    try? await self.store.deleteChangeSubscription(id: subscription.id)
                    await self.maintainSubscriptions(of: environment, force: true)
                }
            case "reauthorizationRequired":
                runOnDemand { await self.reauthorize(subscription, in: environment) }
            default:
                break
            }
            // A change, `missed`, or a subscription that was away: read the mailbox.
            cycles[environment.name, default: []].insert(mailbox)
        }
        for (environment, mailboxes) in cycles { cycleSoon(environment: environment, mailboxes: mailboxes) }
        if refused > 0 { return .refused(refused: refused, accepted: accepted) }
        return .accepted(count: accepted)
    }

    private func reauthorize(_ subscription: ChangeSubscription, in environment: SyncEnvironment) async {
        guard let subscriber = environment.connector as? any ChangeSubscribing else { return }
        do {
            try await subscriber.reauthorizeSubscription(id: subscription.id)
        } catch {
            logger.warning(
                "could not reauthorize a change subscription; it is created again",
                metadata: ["environment": "\(environment.name)", "mailbox": "\(subscription.mailbox)", "error": "\(error)"])
            try? await store.deleteChangeSubscription(id: subscription.id)
            await maintainSubscriptions(of: environment, force: true)
        }
    }
}
