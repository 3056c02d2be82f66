import StreamingXML

extension ExchangeWebServicesClient {
    /// Subscribe (`StreamingSubscriptionRequest`): a streaming subscription to `eventTypes` in
    /// `folders` of `mailbox` (the impersonated mailbox); returns its subscription id.
    ///
    /// - Parameter anchorMailbox: the anchor of the group of mailboxes whose subscriptions will
    ///   share one GetStreamingEvents connection (Microsoft: the group's alphabetically first
    ///   mailbox, at most 200 per group); nil for `mailbox` itself. Sent as `X-AnchorMailbox`
    ///   with `X-PreferServerAffinity: true`, as Microsoft's affinity article prescribes.
    public func subscribeToStreamingNotifications(
        folders: [FolderID], eventTypes: [NotificationEventType], mailbox: String, anchorMailbox: String? = nil
    ) async throws -> String {
        guard !folders.isEmpty else {
            throw EWSError(
                kind: .invalidRequest, message: "A subscription needs at least one folder (or use subscribeToStreamingNotificationsOnAllFolders).",
                operation: "Subscribe", mailbox: mailbox)
        }
        return try await subscribe(folders: folders, eventTypes: eventTypes, mailbox: mailbox, anchorMailbox: anchorMailbox)
    }

    /// Subscribe with `SubscribeToAllFolders="true"`: every folder of `mailbox`.
    public func subscribeToStreamingNotificationsOnAllFolders(
        eventTypes: [NotificationEventType], mailbox: String, anchorMailbox: String? = nil
    ) async throws -> String {
        try await subscribe(folders: nil, eventTypes: eventTypes, mailbox: mailbox, anchorMailbox: anchorMailbox)
    }

    /// Unsubscribe: ends a streaming subscription (Microsoft lists Unsubscribe for streaming
    /// subscriptions in its notifications overview; letting it expire is the alternative).
    /// Throws `ErrorSubscriptionNotFound` for an unknown or expired one.
    public func unsubscribe(subscriptionID: String, mailbox: String, anchorMailbox: String? = nil) async throws {
        let body = try requestBody(mailbox: mailbox) { $0.element("m:Unsubscribe") { $0.element("m:SubscriptionId", text: subscriptionID) } }
        let messages = try await transport.send(
            .init(operation: "Unsubscribe", mailbox: mailbox, isIdempotent: true, anchorMailbox: anchorMailbox, prefersServerAffinity: true),
            body: body, decoder: { ElementListDecoder<Item> { _ in nil } })
        _ = try Self.single(messages, operation: "Unsubscribe", mailbox: mailbox)
    }

    private func subscribe(
        folders: [FolderID]?, eventTypes: [NotificationEventType], mailbox: String, anchorMailbox: String?
    ) async throws -> String {
        let types = eventTypes.filter { $0 != .status }
        guard !types.isEmpty else {
            throw EWSError(kind: .invalidRequest, message: "A subscription needs at least one event type.", operation: "Subscribe", mailbox: mailbox)
        }
        let body = try requestBody(mailbox: mailbox) { writer in
            writer.element("m:Subscribe") { writer in
                writer.startElement("m:StreamingSubscriptionRequest")
                if folders == nil { writer.attribute("SubscribeToAllFolders", "true") }
                if let folders {
                    writer.element("t:FolderIds") { writer in for folder in folders { writer.writeFolderID(folder) } }
                }
                writer.element("t:EventTypes") { writer in for type in types { writer.element("t:EventType", text: type.rawValue) } }
                writer.endElement()
            }
        }
        // Not idempotent: a lost answer to a retried Subscribe would leave a subscription behind.
        let messages = try await transport.send(
            .init(operation: "Subscribe", mailbox: mailbox, isIdempotent: false, anchorMailbox: anchorMailbox, prefersServerAffinity: true),
            body: body, decoder: { ElementListDecoder<Item> { _ in nil } })
        let payload = try Self.single(messages, operation: "Subscribe", mailbox: mailbox)
        guard let id = payload.message?.childText("SubscriptionId")?.trimmed, !id.isEmpty else {
            throw EWSError(kind: .malformedResponse, message: "Subscribe returned no SubscriptionId.", operation: "Subscribe", mailbox: mailbox)
        }
        return id
    }
}
