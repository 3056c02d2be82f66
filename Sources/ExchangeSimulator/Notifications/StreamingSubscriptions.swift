import Foundation
import Synchronization

/// The EWS streaming subscriptions of the whole simulator, and the GetStreamingEvents
/// connections attached to them.
///
/// A subscription belongs to the application that created it (EWS checks that "the
/// subscriptions are owned by" the account opening the connection) and watches one mailbox: the
/// one impersonated by the Subscribe request. Its events queue while no connection is open, and
/// it expires after `subscriptionLifetimeWithoutConnection` without one. A subscription is
/// attached to one connection at a time: a newer GetStreamingEvents naming it takes it over.
public final class StreamingSubscriptions: Sendable {
    struct Subscription: Sendable {
        var id: String
        var tenantId: String
        var appId: String
        var mailbox: String
        /// Nil: every folder (`SubscribeToAllFolders`).
        var folderIds: Set<String>?
        var kinds: Set<StreamingEvent.Kind>
        var queue: [StreamingEvent] = []
        var connection: UInt64?
        /// When it was last without a connection (creation, or the last connection's end).
        var detachedAt: ContinuousClock.Instant

        func wants(_ event: StreamingEvent) -> Bool {
            guard kinds.contains(event.kind) else { return false }
            guard let folderIds else { return true }
            return event.folders.contains { folderIds.contains($0) }
        }
    }

    /// Why a connection lost a subscription it was opened with.
    enum Loss: Sendable, Hashable {
        /// Unsubscribe was called for it.
        case unsubscribed
        /// A newer GetStreamingEvents named it.
        case takenOver
        /// The server forgot it (a restart): reported as not found.
        case forgotten
    }

    struct Connection: Sendable {
        var subscriptionIds: [String]
        var lost: [(id: String, loss: Loss)] = []
    }

    /// What opening a connection found.
    struct Opened: Sendable {
        var connection: UInt64
        var attached: [String]
        /// Unknown, expired, or another application's or tenant's.
        var notFound: [String]
    }

    /// What is due on a connection now.
    struct Due: Sendable {
        var notifications: [(subscriptionId: String, events: [StreamingEvent])]
        var lost: [(id: String, loss: Loss)]
        var attachedCount: Int
    }

    private struct State: Sendable {
        var subscriptions: [String: Subscription] = [:]
        var connections: [UInt64: Connection] = [:]
        var nextConnection: UInt64 = 1
    }

    private let state = Mutex(State())
    private let currentSettings: Mutex<StreamingNotificationSettings>
    let faults: NotificationFaults

    init(faults: NotificationFaults, settings: StreamingNotificationSettings = .init()) {
        self.faults = faults
        currentSettings = Mutex(settings)
    }

    /// The timing rules; the simulator server applies `SimulatorConfiguration.streamingNotifications`.
    public var settings: StreamingNotificationSettings {
        get { currentSettings.withLock { $0 } }
        set { currentSettings.withLock { $0 = newValue } }
    }

    /// How many subscriptions exist (expired ones excluded).
    public var count: Int {
        let now = ContinuousClock.now
        let lifetime = settings.subscriptionLifetimeWithoutConnection
        return state.withLock { state in
            Self.purge(&state, now: now, lifetime: lifetime)
            return state.subscriptions.count
        }
    }

    /// Forgets every subscription; open connections lose theirs and close.
    func reset() { dropAll(as: .unsubscribed) }

    /// What a mailbox server's restart does: every subscription is forgotten, and the open
    /// connections report theirs as not found (`ErrorSubscriptionNotFound`), then close. Clients
    /// must subscribe again (control API: `DELETE /control/streaming/subscriptions`).
    public func dropAll() { dropAll(as: .forgotten) }

    private func dropAll(as loss: Loss) {
        state.withLock { state in
            for (id, subscription) in state.subscriptions {
                if let connection = subscription.connection { state.connections[connection]?.lost.append((id, loss)) }
            }
            state.subscriptions.removeAll()
        }
    }

    func subscribe(tenantId: String, appId: String, mailbox: String, folderIds: Set<String>?, kinds: Set<StreamingEvent.Kind>) -> String {
        let now = ContinuousClock.now
        let lifetime = settings.subscriptionLifetimeWithoutConnection
        let id = Identifiers.newSubscriptionId()
        let subscription = Subscription(
            id: id, tenantId: tenantId.lowercased(), appId: appId.lowercased(), mailbox: mailbox.lowercased(), folderIds: folderIds,
            kinds: kinds, detachedAt: now)
        state.withLock { state in
            Self.purge(&state, now: now, lifetime: lifetime)
            state.subscriptions[id] = subscription
        }
        return id
    }

    /// False when no such subscription of this application exists.
    func unsubscribe(_ id: String, tenantId: String, appId: String) -> Bool {
        let now = ContinuousClock.now
        let lifetime = settings.subscriptionLifetimeWithoutConnection
        return state.withLock { state in
            Self.purge(&state, now: now, lifetime: lifetime)
            guard let subscription = state.subscriptions[id], Self.owns(subscription, tenantId: tenantId, appId: appId) else { return false }
            state.subscriptions[id] = nil
            if let connection = subscription.connection { state.connections[connection]?.lost.append((id, .unsubscribed)) }
            return true
        }
    }

    func open(_ ids: [String], tenantId: String, appId: String) -> Opened {
        let now = ContinuousClock.now
        let lifetime = settings.subscriptionLifetimeWithoutConnection
        return state.withLock { state in
            Self.purge(&state, now: now, lifetime: lifetime)
            let connection = state.nextConnection
            state.nextConnection += 1
            var attached: [String] = []
            var notFound: [String] = []
            for id in ids where !attached.contains(id) && !notFound.contains(id) {
                guard var subscription = state.subscriptions[id], Self.owns(subscription, tenantId: tenantId, appId: appId) else {
                    notFound.append(id)
                    continue
                }
                if let previous = subscription.connection {
                    state.connections[previous]?.subscriptionIds.removeAll { $0 == id }
                    state.connections[previous]?.lost.append((id, .takenOver))
                }
                subscription.connection = connection
                state.subscriptions[id] = subscription
                attached.append(id)
            }
            state.connections[connection] = Connection(subscriptionIds: attached)
            return Opened(connection: connection, attached: attached, notFound: notFound)
        }
    }

    /// Takes the events deliverable now (at most `maxEventsPerNotification` per subscription)
    /// and the subscriptions the connection lost since the last call.
    func takeDue(on connection: UInt64) -> Due {
        let now = ContinuousClock.now
        let limit = max(1, settings.maxEventsPerNotification)
        return state.withLock { state in
            guard var record = state.connections[connection] else { return Due(notifications: [], lost: [], attachedCount: 0) }
            let lost = record.lost
            record.lost = []
            record.subscriptionIds.removeAll { id in lost.contains { $0.id == id } }
            state.connections[connection] = record
            var notifications: [(String, [StreamingEvent])] = []
            for id in record.subscriptionIds {
                guard var subscription = state.subscriptions[id] else { continue }
                let due = subscription.queue.prefix { $0.deliverableAt <= now }.prefix(limit)
                guard !due.isEmpty else { continue }
                subscription.queue.removeFirst(due.count)
                state.subscriptions[id] = subscription
                notifications.append((id, Array(due)))
            }
            return Due(notifications: notifications, lost: lost, attachedCount: record.subscriptionIds.count)
        }
    }

    /// The connection ended (timeout, client gone): its subscriptions start their lifetime without one.
    func close(_ connection: UInt64) {
        let now = ContinuousClock.now
        state.withLock { state in
            guard let record = state.connections.removeValue(forKey: connection) else { return }
            for id in record.subscriptionIds where state.subscriptions[id]?.connection == connection {
                state.subscriptions[id]?.connection = nil
                state.subscriptions[id]?.detachedAt = now
            }
        }
    }

    /// The change feed's listener: queues the events of every subscription that wants them.
    /// Returns at once; nothing is delivered here.
    func receive(_ changes: [MailboxChange]) {
        let faults = faults.settings
        if faults.drop { return }
        let events = StreamingEvent.events(from: changes, at: Date(), deliverableAt: ContinuousClock.now + faults.delay)
        guard !events.isEmpty else { return }
        state.withLock { state in
            for id in state.subscriptions.keys {
                guard var subscription = state.subscriptions[id] else { continue }
                var changed = false
                for (mailbox, event) in events where mailbox == subscription.mailbox && subscription.wants(event) {
                    subscription.queue.append(event)
                    changed = true
                }
                if changed { state.subscriptions[id] = subscription }
            }
        }
    }

    private static func owns(_ subscription: Subscription, tenantId: String, appId: String) -> Bool {
        subscription.tenantId == tenantId.lowercased() && subscription.appId == appId.lowercased()
    }

    private static func purge(_ state: inout State, now: ContinuousClock.Instant, lifetime: Duration) {
        state.subscriptions = state.subscriptions.filter { _, subscription in
            subscription.connection != nil || now - subscription.detachedAt < lifetime
        }
    }
}
