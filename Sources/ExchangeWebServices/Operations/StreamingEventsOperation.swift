import Foundation

extension ExchangeWebServicesClient {
    /// The most subscription ids one GetStreamingEvents connection may carry (Microsoft).
    public static let maxSubscriptionsPerStreamingConnection = 200

    /// GetStreamingEvents: one hanging connection for up to 200 subscriptions (of one group of
    /// mailboxes), yielding each envelope as soon as it arrives: notifications, keep-alives
    /// (`connectionStatus == .ok`), per-subscription failures (resubscribe only those), and
    /// finally `connectionStatus == .closed`, after which the stream finishes: open a new one
    /// to keep listening.
    ///
    /// - Parameters:
    ///   - anchorMailbox: the group's anchor mailbox, impersonated and sent as `X-AnchorMailbox`
    ///     with `X-PreferServerAffinity: true`.
    ///   - minutes: `ConnectionTimeout`, 1 to 30.
    ///   - keepAliveTimeout: silence after which the connection is taken for dead and the stream
    ///     throws a `.transport` error. The EWS Managed API expects a server heartbeat at least
    ///     every 45 s; the shared HTTP client's 60 s read timeout also applies.
    /// - Returns: a stream that throws an `EWSError` when the connection fails (a fault, an HTTP
    ///   error, silence, a body that ends without `Closed`). Cancelling its consumer closes it.
    public func streamingEvents(
        subscriptionIDs: [String], anchorMailbox: String, connectionTimeout minutes: Int, keepAliveTimeout: Duration = .seconds(60)
    ) -> AsyncThrowingStream<StreamingEventsMessage, any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: StreamingEventsMessage.self)
        let operation = "GetStreamingEvents"
        guard (1...Self.maxSubscriptionsPerStreamingConnection).contains(subscriptionIDs.count), (1...30).contains(minutes) else {
            continuation.finish(
                throwing: EWSError(
                    kind: .invalidRequest,
                    message: "GetStreamingEvents takes 1 to \(Self.maxSubscriptionsPerStreamingConnection) subscription ids and a ConnectionTimeout of 1 to 30 minutes.",
                    operation: operation, mailbox: anchorMailbox))
            return stream
        }
        let body: [UInt8]
        do {
            body = try requestBody(mailbox: anchorMailbox) { writer in
                writer.element("m:GetStreamingEvents") { writer in
                    writer.element("m:SubscriptionIds") { writer in
                        for id in subscriptionIDs { writer.element("t:SubscriptionId", text: id) }
                    }
                    writer.element("m:ConnectionTimeout", text: String(minutes))
                }
            }
        } catch {
            continuation.finish(throwing: error)
            return stream
        }
        let transport = self.transport
        let watch = StreamSilenceWatch(limit: keepAliveTimeout)
        let reader = Task {
            defer { watch.finish() }
            do {
                try await transport.streamEvents(
                    .init(operation: operation, mailbox: anchorMailbox, isIdempotent: true, prefersServerAffinity: true), body: body,
                    lifetime: .seconds(60 * minutes), watch: watch, receive: { continuation.yield($0) })
                continuation.finish()
            } catch {
                if watch.fired {
                    continuation.finish(
                        throwing: EWSError(
                            kind: .transport, message: "Nothing arrived for \(keepAliveTimeout), not even a keep-alive: the streaming connection is taken for dead.",
                            operation: operation, mailbox: anchorMailbox))
                } else {
                    continuation.finish(throwing: error)
                }
            }
        }
        let watcher = Task {
            if await watch.waitForSilence() { reader.cancel() }
        }
        continuation.onTermination = { _ in
            reader.cancel()
            watcher.cancel()
        }
        return stream
    }
}
