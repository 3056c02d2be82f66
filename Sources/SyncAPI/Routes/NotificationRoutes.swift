import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SyncService

/// `POST /v1/notifications/graph`: where Microsoft Graph sends the change and lifecycle
/// notifications of the subscriptions the service keeps (the `Notifications:Url` of an
/// environment points here, directly or through a reverse proxy). It needs no API key: Graph
/// proves itself with each subscription's `clientState`. A refused notification takes a token
/// from the sender address's bucket of unauthenticated requests, so that forging costs the
/// forger, not the server.
struct NotificationRoutes: Sendable {
    static let graphPath = "/v1/notifications/graph"
    /// Graph batches notifications; a batch is small. Anything bigger is not Graph.
    static let maximumBody = 1 << 20

    let trigger: (any SyncTrigger)?
    let unauthenticated: TokenBucketRateLimiter

    func add(to router: Router<APIRequestContext>) {
        router.post("v1/notifications/graph") { request, context in
            let token = request.uri.queryParameters.get("validationToken")
            let body = try await request.body.collect(upTo: Self.maximumBody)
            let delivery = GraphNotificationDelivery(validationToken: token, body: Data(buffer: body))
            let receipt = await trigger?.receiveGraphNotification(delivery) ?? .notConfigured
            switch receipt {
            case .validated(let token):
                return Response(
                    status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
                    body: ResponseBody(byteBuffer: ByteBuffer(string: token)))
            case .accepted:
                return Response(status: .accepted)
            case .refused(let refused, _):
                _ = unauthenticated.acquire(key: context.remoteAddress ?? "unknown")
                throw APIProblem(
                    .forbidden, kind: "notification-refused", title: "Notification refused",
                    detail: "\(refused) notification(s) named an unknown subscription or a wrong clientState.")
            case .malformed:
                throw APIProblem(
                    .badRequest, kind: "invalid-notification", title: "Invalid notification",
                    detail: "The body is not a Microsoft Graph notification batch ({\"value\": [...]}).")
            case .notConfigured:
                throw APIProblem.notFound("This service keeps no Microsoft Graph subscriptions.")
            }
        }
    }
}
