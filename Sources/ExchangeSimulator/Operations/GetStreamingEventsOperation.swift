import Foundation

/// GetStreamingEvents: holds the HTTP response open for `ConnectionTimeout` minutes and writes
/// one complete SOAP envelope per message as things happen:
///
/// - the events of the connection's subscriptions, as soon as they are queued (a `Notification`
///   per subscription, at most `maxEventsPerNotification` events each);
/// - `ConnectionStatus OK` after `keepAliveInterval` without anything written;
/// - an `Error` message listing in `ErrorSubscriptionIds` the subscriptions that are unknown,
///   expired or not the caller's (`ErrorSubscriptionNotFound`), unsubscribed meanwhile
///   (`ErrorSubscriptionUnsubscribed`) or taken over by a newer connection
///   (`ErrorSubscriptionNotFound` too; which code Exchange uses there is not documented);
/// - `ConnectionStatus Closed` when the timeout elapses or no subscription is left, and the body ends.
///
/// The subscriptions may belong to several mailboxes of the tenant (Microsoft's affinity
/// article groups up to 200 of them on one connection, impersonating any one mailbox); they
/// must have been created by the same application.
struct GetStreamingEventsOperation {
    static let name = "GetStreamingEvents"
    /// How often a connection looks for due events.
    static let tick: Duration = .milliseconds(20)

    /// Validates the request and returns the response whose body streams the events.
    /// `validate` returns the schema violations of an envelope (empty when valid, or when the
    /// server does not check its responses).
    func open(
        _ request: XMLElementNode, in context: OperationContext, validate: @escaping @Sendable (String) -> [String]
    ) -> EWSHTTPResponse {
        let streaming = context.exchange.streaming
        let settings = streaming.settings
        let ids = (request.child("SubscriptionIds")?.children ?? []).map(\.text)
        let minutes = request.child("ConnectionTimeout").flatMap { Int($0.text) } ?? 0
        guard ids.count <= settings.maxSubscriptionsPerConnection else {
            let error = EWSError(
                "ErrorInvalidArgument",
                "A GetStreamingEvents request may name at most \(settings.maxSubscriptionsPerConnection) subscriptions; it named \(ids.count).")
            return .xml(
                SOAPEnvelope.response(body: Self.envelope(ResponseMessage.error(Self.name, error, [Self.status("Closed")]))),
                operation: Self.name, code: error.code)
        }
        let tenantId = context.mailbox.tenantId
        let appId = context.appId
        var response = EWSHTTPResponse.xml("", operation: Self.name, code: "NoError")
        response.streamingBody = { write in
            let opened = streaming.open(ids, tenantId: tenantId, appId: appId)
            defer { streaming.close(opened.connection) }
            var lastWrite = ContinuousClock.now
            func send(_ body: XMLElementNode) async throws {
                let envelope = SOAPEnvelope.response(body: body)
                let violations = validate(envelope)
                guard violations.isEmpty else { throw InvalidStreamingResponse(violations: violations) }
                try await write(envelope)
                lastWrite = ContinuousClock.now
            }
            let deadline = ContinuousClock.now + settings.streamingMinute * minutes
            if !opened.notFound.isEmpty {
                try await send(
                    Self.lost(opened.notFound, code: "ErrorSubscriptionNotFound", closing: opened.attached.isEmpty))
                if opened.attached.isEmpty { return }
            }
            while true {
                let due = streaming.takeDue(on: opened.connection)
                let lost = Dictionary(grouping: due.lost, by: \.loss)
                for (loss, entries) in lost.sorted(by: { $0.key == .unsubscribed && $1.key != .unsubscribed }) {
                    let code = loss == .unsubscribed ? "ErrorSubscriptionUnsubscribed" : "ErrorSubscriptionNotFound"
                    try await send(Self.lost(entries.map(\.id), code: code, closing: false))
                }
                if due.attachedCount == 0 {
                    try await send(Self.closed())
                    return
                }
                if !due.notifications.isEmpty {
                    try await send(Self.notifications(due.notifications))
                    continue  // more may be queued
                }
                let now = ContinuousClock.now
                if now >= deadline {
                    try await send(Self.closed())
                    return
                }
                if now - lastWrite >= settings.keepAliveInterval {
                    try await send(Self.keepAlive())
                }
                try await Task.sleep(for: Self.tick)
            }
        }
        return response
    }

    struct InvalidStreamingResponse: Error, CustomStringConvertible {
        var violations: [String]
        var description: String { "the simulator produced a schema-invalid GetStreamingEvents envelope: \(violations)" }
    }

    static func envelope(_ message: XMLElementNode) -> XMLElementNode { ResponseMessage.envelope(name, [message]) }

    static func status(_ value: String) -> XMLElementNode { .m("ConnectionStatus", value) }

    static func keepAlive() -> XMLElementNode { envelope(ResponseMessage.success(name, [status("OK")])) }

    static func closed() -> XMLElementNode { envelope(ResponseMessage.success(name, [status("Closed")])) }

    static func notifications(_ batches: [(subscriptionId: String, events: [StreamingEvent])]) -> XMLElementNode {
        // `Notification` is declared in types.xsd (NonEmptyArrayOfNotificationsType), so the schema
        // puts it in the types namespace; Microsoft's samples show `m:Notification`. Clients
        // (exchangelib, the EWS Managed API) read it by position or local name; the simulator
        // follows the schema it validates against.
        let notifications = batches.map { batch in
            XMLElementNode.t("Notification", children: [.t("SubscriptionId", batch.subscriptionId)] + batch.events.map(\.element))
        }
        return envelope(ResponseMessage.success(name, [.m("Notifications", children: notifications)]))
    }

    static func lost(_ ids: [String], code: String, closing: Bool) -> XMLElementNode {
        let text =
            code == "ErrorSubscriptionUnsubscribed"
            ? "The subscription was unsubscribed." : "The specified subscription was not found."
        var trailing: [XMLElementNode] = [.m("ErrorSubscriptionIds", children: ids.map { .t("SubscriptionId", $0) })]
        if closing { trailing.append(status("Closed")) }
        return envelope(ResponseMessage.error(name, EWSError(code, text), trailing))
    }
}
