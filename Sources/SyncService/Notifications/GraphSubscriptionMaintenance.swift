import Foundation
import Logging
import ServiceConfiguration
import SyncEngine
import SyncStore

/// One pass over the Graph subscriptions of an environment with `Notifications`: one
/// subscription per synchronized folder of every enrolled mailbox, created where missing,
/// renewed once less than half its lifetime is left, deleted with its mailbox (or its folder).
/// A mailbox all of whose folders are subscribed is healthy (`NotificationHealth`).
struct GraphSubscriptionMaintenance {
    let environment: SyncEnvironment
    let notifications: NotificationSettings
    let subscriber: any ChangeSubscribing
    let store: any SyncStore
    let health: NotificationHealth
    let now: Date
    /// Mailboxes worked on at once (each costs a request or two, with Graph's validation).
    var concurrency = 8
    /// Mailboxes that may fail in a row, one at a time, before the pass gives up.
    var probes = 3
    /// Whether this worker synchronizes the mailbox: with several workers, each keeps the
    /// subscriptions of its own share (any of them deletes those of a mailbox no longer enrolled).
    var isMine: @Sendable (MailboxAddress) -> Bool = { _ in true }

    struct Report: Sendable {
        var created = 0
        var renewed = 0
        var deleted = 0
        /// Mailbox → why one of its folders has no subscription.
        var failures: [MailboxAddress: String] = [:]
    }

    func run() async throws -> Report {
        let name = environment.name
        let enrolled = Set(try await store.mailboxes(environment: name, state: .enrolled).map(\.address))
        let existing = try await store.changeSubscriptions(environment: name)
        var report = Report()
        for stale in existing where !enrolled.contains(MailboxAddress(stale.mailbox)) {
            try? await subscriber.unsubscribe(id: stale.id)
            try await store.deleteChangeSubscription(id: stale.id)
            health.markUnhealthy(environment: name, mailbox: MailboxAddress(stale.mailbox))
            report.deleted += 1
        }
        let byMailbox = Dictionary(grouping: existing) { MailboxAddress($0.mailbox) }
        var pending = enrolled.filter(isMine).sorted { $0.rawValue < $1.rawValue }[...]
        func record(_ mailbox: MailboxAddress, _ part: Report) {
            report.created += part.created
            report.renewed += part.renewed
            report.deleted += part.deleted
            if let failure = part.failures[mailbox] {
                report.failures[mailbox] = failure
                health.markUnhealthy(environment: name, mailbox: mailbox)
            } else {
                health.markHealthy(environment: name, mailbox: mailbox)
            }
        }
        // One mailbox at a time until one succeeds: most failures (an unreachable URL, a missing
        // role) are the environment's, and each costs Graph's 10 s validation deadline. After
        // `probes` failures in a row the pass stops, to be tried again later.
        var failedInARow = 0
        while failedInARow < probes, let mailbox = pending.popFirst() {
            let part = await keep(mailbox, existing: byMailbox[mailbox] ?? [])
            record(mailbox, part)
            guard part.failures.isEmpty else {
                failedInARow += 1
                continue
            }
            await withTaskGroup(of: (MailboxAddress, Report).self) { group in
                func startNext() {
                    guard let mailbox = pending.popFirst() else { return }
                    group.addTask { (mailbox, await self.keep(mailbox, existing: byMailbox[mailbox] ?? [])) }
                }
                for _ in 0..<concurrency { startNext() }
                for await (mailbox, part) in group {
                    record(mailbox, part)
                    startNext()
                }
            }
        }
        return report
    }

    /// The mailbox's subscriptions, one per resource.
    private func keep(_ mailbox: MailboxAddress, existing: [ChangeSubscription]) async -> Report {
        var report = Report()
        let resources: [String]
        do {
            resources = try await subscriber.notificationResources(of: mailbox, kinds: environment.kinds)
        } catch {
            report.failures[mailbox] = "\(error)"
            return report
        }
        for stale in existing where !resources.contains(stale.resource) {
            try? await subscriber.unsubscribe(id: stale.id)
            try? await store.deleteChangeSubscription(id: stale.id)
            report.deleted += 1
        }
        let lifetime = notifications.subscriptionLifetime / .seconds(1)
        for resource in resources {
            do {
                if let current = existing.first(where: { $0.resource == resource }) {
                    guard current.expiresAt.timeIntervalSince(now) < lifetime / 2 else { continue }
                    var renewed = current
                    do {
                        renewed.expiresAt = try await subscriber.renewSubscription(id: current.id, expiresAt: now.addingTimeInterval(lifetime))
                        try await store.saveChangeSubscription(renewed)
                        report.renewed += 1
                        continue
                    } catch {
                        // Gone on Graph's side (expired, removed): created again below.
                        try await store.deleteChangeSubscription(id: current.id)
                    }
                }
                let clientState = ClientState.generate()
                let (id, expiresAt) = try await subscriber.subscribe(
                    resource: resource, notificationURL: notifications.url, clientState: clientState,
                    expiresAt: now.addingTimeInterval(lifetime))
                try await store.saveChangeSubscription(
                    ChangeSubscription(
                        id: id, environment: environment.name, mailbox: mailbox.rawValue, resource: resource,
                        clientStateDigest: ClientState.digest(clientState), expiresAt: expiresAt))
                report.created += 1
            } catch {
                // The mailbox's other folders would most likely fail the same way.
                report.failures[mailbox] = "\(error)"
                break
            }
        }
        return report
    }
}
