import AsyncHTTPClient
import Foundation
import Logging
import NIOCore

/// Graph's side of change notifications: the validation handshake a new subscription's URLs
/// must pass, the notifications of every change in a subscribed folder, and lifecycle events.
///
/// As documented for Outlook resources (graph/NOTES.md §3.6):
/// - a notification is `POST {notificationUrl}` with `{"value": [...]}`, one member per change,
///   carrying `subscriptionId`, `changeType`, `resource`, `resourceData` (id and etag, never the
///   item's content), `clientState` and `tenantId`;
/// - the receiver has 3 s to answer 2xx; a slower or failed answer is retried later (Graph keeps
///   trying for hours; the simulator gives up after `retryDelays`, logging it);
/// - lifecycle events go to `lifecycleNotificationUrl`, and only when the subscription has one.
final class GraphNotificationSender: Sendable {
    static let validationDeadline = TimeAmount.seconds(10)
    static let notificationDeadline = TimeAmount.seconds(3)
    static let retryDelays: [Duration] = [.seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(16)]

    private let state: GraphServiceState
    private let faults: NotificationFaults
    private let logger = Logger(label: "ExchangeSimulator.GraphNotifications")

    init(state: GraphServiceState, faults: NotificationFaults) {
        self.state = state
        self.faults = faults
    }

    // MARK: Validation

    /// The handshake of a new subscription: the URL must echo the token, decoded, within 10 s.
    static func validate(_ url: URL) async throws(GraphError) {
        let token = "Validation: Testing client application reachability for subscription Request-Id: \(UUID().uuidString.lowercased())"
        let encoded = token.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? token
        let separator = url.query == nil ? "?" : "&"
        var request = HTTPClientRequest(url: url.absoluteString + separator + "validationToken=" + encoded)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "text/plain; charset=utf-8")
        let failed = GraphError.badRequest(
            "Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.",
            code: "InvalidRequest")
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: validationDeadline)
            let body = try await response.body.collect(upTo: 64 * 1024)
            guard response.status.code == 200 else { throw failed }
            guard String(buffer: body) == token else {
                throw GraphError.badRequest(
                    "Subscription validation request failed. Response must exactly match validationToken query parameter.",
                    code: "InvalidRequest")
            }
        } catch let error as GraphError {
            throw error
        } catch let error as HTTPClientError where error == .deadlineExceeded {
            throw GraphError.badRequest("Subscription validation request timed out.", code: "InvalidRequest")
        } catch {
            throw failed
        }
    }

    // MARK: Change notifications

    /// Called by the mailboxes' change feed: one POST per subscription concerned.
    func changed(_ changes: [MailboxChange]) {
        let now = Date()
        let live = state.subscriptions.withLock { Array($0.values) }.filter { $0.expiration > now && !$0.needsReauthorization }
        guard !live.isEmpty else { return }
        var batches: [String: (GraphSubscriptions.Subscription, [GraphJSON])] = [:]
        for change in changes {
            let mailbox = change.mailbox.lowercased()
            for subscription in live
            where subscription.mailbox == mailbox && subscription.folderId == change.folderId
                && subscription.changeTypes.contains(change.kind.rawValue)
            {
                batches[subscription.id, default: (subscription, [])].1.append(Self.notification(of: change, for: subscription))
            }
        }
        for (subscription, members) in batches.values {
            let body = GraphJSON.object([.init("value", .array(members))]).serialized()
            Task { await self.deliver(body, to: subscription.notificationURL, subscription: subscription.id) }
        }
    }

    static func notification(of change: MailboxChange, for subscription: GraphSubscriptions.Subscription) -> GraphJSON {
        let id = GraphIds.restId(fromEWS: subscription.immutableIds ? change.immutableId : change.itemId)
        let user = "Users/\(GraphEndpoint.userObjectId(subscription.mailbox))"
        let (resource, type): (String, String) =
            switch subscription.target {
            case .events: ("\(user)/Events/\(id)", "#Microsoft.Graph.Event")
            case .contacts: ("\(user)/Contacts/\(id)", "#Microsoft.Graph.Contact")
            case .todoTasks(let list): ("\(user)/todo/lists/\(list)/tasks/\(id)", "#microsoft.graph.todoTask")
            }
        var resourceData: [GraphJSON.Member] = [.init("@odata.type", .string(type)), .init("@odata.id", .string(resource))]
        if change.kind != .deleted { resourceData.append(.init("@odata.etag", .string(GraphEventMapping.etag(change.changeKey)))) }
        resourceData.append(.init("id", .string(id)))
        return .object([
            .init("subscriptionId", .string(subscription.id)),
            .init("subscriptionExpirationDateTime", .string(EWSDateTime.format(subscription.expiration))),
            .init("changeType", .string(change.kind.rawValue)),
            .init("resource", .string(resource)),
            .init("resourceData", .object(resourceData)),
            .init("clientState", subscription.clientState.map(GraphJSON.string) ?? .null),
            .init("tenantId", .string(subscription.tenantId)),
        ])
    }

    // MARK: Lifecycle notifications

    /// Sends a lifecycle event about the subscription to its `lifecycleNotificationUrl`. Returns
    /// false when it has none (Graph then sends nothing). `subscriptionRemoved` removes it, and
    /// `reauthorizationRequired` holds its notifications until the app reauthorizes it.
    func lifecycle(_ event: GraphLifecycleEvent, subscriptionId: String) -> Bool {
        let subscription: GraphSubscriptions.Subscription? = state.subscriptions.withLock { all in
            switch event {
            case .subscriptionRemoved: return all.removeValue(forKey: subscriptionId)
            case .reauthorizationRequired: all[subscriptionId]?.needsReauthorization = true
            case .missed: break
            }
            return all[subscriptionId]
        }
        guard let subscription, let url = subscription.lifecycleURL else { return false }
        let body = GraphJSON.object([
            .init(
                "value",
                .array([
                    .object([
                        .init("lifecycleEvent", .string(event.rawValue)),
                        .init("subscriptionId", .string(subscription.id)),
                        .init("subscriptionExpirationDateTime", .string(EWSDateTime.format(subscription.expiration))),
                        .init("clientState", subscription.clientState.map(GraphJSON.string) ?? .null),
                        .init("tenantId", .string(subscription.tenantId)),
                    ])
                ])),
        ]).serialized()
        Task { await self.deliver(body, to: url, subscription: subscription.id) }
        return true
    }

    // MARK: Delivery

    /// POSTs the notification, retrying a failed or slow (over 3 s) answer after 1, 2, 4, 8 and
    /// 16 s. The control API's notification faults may drop or delay it first.
    private func deliver(_ body: String, to url: URL, subscription: String) async {
        let fault = faults.settings
        if fault.drop {
            logger.debug("notification dropped by the control API's fault", metadata: ["subscription": "\(subscription)"])
            return
        }
        if fault.delay > .zero { try? await Task.sleep(for: fault.delay) }
        var attempt = 0
        while true {
            var request = HTTPClientRequest(url: url.absoluteString)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
            request.body = .bytes(ByteBuffer(string: body))
            do {
                let response = try await HTTPClient.shared.execute(request, timeout: Self.notificationDeadline)
                _ = try await response.body.collect(upTo: 64 * 1024)
                if (200..<300).contains(response.status.code) { return }
                logger.debug("notification refused", metadata: ["subscription": "\(subscription)", "status": "\(response.status.code)"])
            } catch {
                logger.debug("notification not delivered", metadata: ["subscription": "\(subscription)", "error": "\(error)"])
            }
            guard attempt < Self.retryDelays.count else {
                logger.warning("notification given up after \(attempt + 1) attempts", metadata: ["subscription": "\(subscription)"])
                return
            }
            try? await Task.sleep(for: Self.retryDelays[attempt])
            attempt += 1
        }
    }
}

/// The lifecycle events Graph sends about a subscription.
public enum GraphLifecycleEvent: String, Sendable, CaseIterable, Codable {
    case missed, subscriptionRemoved, reauthorizationRequired
}
