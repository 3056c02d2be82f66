/// Change-notification subscriptions (`/subscriptions`).
extension GraphClient {
    /// Creates a subscription. Graph validates `notificationUrl` (HTTPS) before answering 201.
    public func createSubscription(_ subscription: GraphSubscription) async throws -> GraphSubscription {
        try await call(
            GraphRequest(
                operation: "createSubscription", mailbox: nil, method: .POST, url: url(GraphPath().appending("subscriptions")),
                body: try encode(subscription, operation: "createSubscription"), isIdempotent: false),
            as: GraphSubscription.self)
    }

    /// Moves a subscription's expiry.
    public func renewSubscription(id: String, expiringAt expiration: EdmDateTimeOffset) async throws -> GraphSubscription {
        var changes = GraphSubscription()
        changes.expirationDateTime = expiration
        return try await call(
            GraphRequest(
                operation: "renewSubscription", mailbox: nil, method: .PATCH, url: url(GraphPath().appending("subscriptions").appending(id: id)),
                body: try encode(changes, operation: "renewSubscription")),
            as: GraphSubscription.self)
    }

    /// Answers a `reauthorizationRequired` lifecycle event (204): the subscription goes on.
    public func reauthorizeSubscription(id: String) async throws {
        _ = try await send(
            GraphRequest(
                operation: "reauthorizeSubscription", mailbox: nil, method: .POST,
                url: url(GraphPath().appending("subscriptions").appending(id: id).appending("reauthorize")), isIdempotent: false))
    }

    public func deleteSubscription(id: String) async throws {
        _ = try await send(
            GraphRequest(operation: "deleteSubscription", mailbox: nil, method: .DELETE, url: url(GraphPath().appending("subscriptions").appending(id: id))))
    }
}
