import Foundation
import Hummingbird

/// Control routes for Graph subscriptions (`/control/notifications` drops or delays the
/// notifications of both APIs):
/// - `GET /control/graph/subscriptions`: the live subscriptions;
/// - `POST /control/graph/subscriptions/{id}/lifecycle` `{"event": "missed" | "subscriptionRemoved"
///   | "reauthorizationRequired"}`: Graph's lifecycle event, sent to the subscription's
///   `lifecycleNotificationUrl` (`{"sent": false}` when it has none).
struct GraphSubscriptionControl: Sendable {
    let exchange: SimulatedExchange

    struct SubscriptionSummary: Encodable {
        var id: String
        var mailbox: String
        var resource: String
        var changeType: String
        var expirationDateTime: Date
        var needsReauthorization: Bool
    }

    struct LifecycleRequest: Decodable { var event: GraphLifecycleEvent }

    func addRoutes(to group: RouterGroup<BasicRequestContext>) {
        let exchange = self.exchange
        group.get("graph/subscriptions") { _, _ in
            let all = exchange.graph.subscriptions.withLock { Array($0.values) }.filter { $0.expiration > Date() }
            return try ControlAPI.json(
                all.sorted { $0.id < $1.id }.map {
                    SubscriptionSummary(
                        id: $0.id, mailbox: $0.mailbox, resource: $0.body.first { $0.key == "resource" }?.value.stringValue ?? "",
                        changeType: $0.changeTypes.sorted().joined(separator: ","), expirationDateTime: $0.expiration,
                        needsReauthorization: $0.needsReauthorization)
                })
        }
        group.post("graph/subscriptions/:id/lifecycle") { request, context in
            let body = try await request.decode(as: LifecycleRequest.self, context: context)
            let id = try context.parameters.require("id")
            guard exchange.graph.subscriptions.withLock({ $0[id] }) != nil else {
                throw HTTPError(.notFound, message: "No such subscription.")
            }
            return try ControlAPI.json(["sent": exchange.graphNotifications.lifecycle(body.event, subscriptionId: id)])
        }
    }
}
