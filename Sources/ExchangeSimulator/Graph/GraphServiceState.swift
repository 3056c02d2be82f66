import Foundation
import Synchronization

/// What the Graph side keeps besides the mailboxes: delta chains, Outlook's request limits and
/// subscriptions. Cleared by `SimulatedExchange.reset()`.
public final class GraphServiceState: Sendable {
    let deltas = GraphDeltaStore()
    let limits = GraphRequestLimits()
    let subscriptions = Mutex<[String: GraphSubscriptions.Subscription]>([:])

    func reset() {
        deltas.reset()
        limits.reset()
        subscriptions.withLock { $0.removeAll() }
    }
}
