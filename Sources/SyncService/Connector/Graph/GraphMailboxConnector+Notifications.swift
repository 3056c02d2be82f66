import Foundation
import MicrosoftGraph
import SyncEngine

extension GraphMailboxConnector: ChangeSubscribing {
    public func notificationResources(of mailbox: MailboxAddress, kinds: [EntityKind]) async throws -> [String] {
        let user = "/users/\(mailbox.rawValue)"
        var resources: [String] = []
        for kind in kinds {
            switch kind {
            case .appointment: resources.append("\(user)/events")
            case .contact: resources.append("\(user)/contacts")
            case .task: resources.append("\(user)/todo/lists/\(try await defaultTaskList(of: mailbox))/tasks")
            }
        }
        return resources
    }

    public func subscribe(resource: String, notificationURL: URL, clientState: String, expiresAt: Date) async throws
        -> (id: String, expiresAt: Date)
    {
        var subscription = GraphSubscription()
        subscription.resource = resource
        subscription.changeType = "created,updated,deleted"
        subscription.notificationUrl = notificationURL.absoluteString
        subscription.lifecycleNotificationUrl = notificationURL.absoluteString
        subscription.clientState = clientState
        subscription.expirationDateTime = Self.edm(expiresAt)
        let created = try await client.createSubscription(subscription)
        guard let id = created.id else { throw GraphConnectorError.subscriptionWithoutID(resource) }
        return (id, Self.date(created.expirationDateTime) ?? expiresAt)
    }

    public func renewSubscription(id: String, expiresAt: Date) async throws -> Date {
        Self.date(try await client.renewSubscription(id: id, expiringAt: Self.edm(expiresAt)).expirationDateTime) ?? expiresAt
    }

    public func reauthorizeSubscription(id: String) async throws {
        try await client.reauthorizeSubscription(id: id)
    }

    public func unsubscribe(id: String) async throws {
        try await client.deleteSubscription(id: id)
    }

    private static func edm(_ date: Date) -> EdmDateTimeOffset { EdmDateTimeOffset(GraphDateTimeValues.utcText(date) + "Z") }

    /// Graph's `expirationDateTime` (`…Z`, with or without fractional seconds), to the second.
    private static func date(_ value: EdmDateTimeOffset?) -> Date? {
        guard let text = value?.text, text.count >= 19 else { return nil }
        return try? Date(String(text.prefix(19)) + "Z", strategy: .iso8601)
    }
}
