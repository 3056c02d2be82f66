import Foundation
import Synchronization

/// What the Graph side keeps besides the mailboxes: delta chains, Outlook's request limits and
/// subscriptions. Cleared by `SimulatedExchange.reset()`.
public final class GraphServiceState: Sendable {
    let deltas = GraphDeltaStore()
    let limits = GraphRequestLimits()
    let subscriptions = Mutex<[String: GraphSubscriptions.Subscription]>([:])

    /// The live subscriptions (expired ones are gone, as on Graph).
    public var subscriptionCount: Int {
        let now = Date()
        return subscriptions.withLock { $0.values.filter { $0.expiration > now }.count }
    }

    func reset() {
        deltas.reset()
        limits.reset()
        subscriptions.withLock { $0.removeAll() }
    }
}
