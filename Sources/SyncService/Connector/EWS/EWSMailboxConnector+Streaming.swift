import ExchangeWebServices
import Foundation
import SyncEngine

/// EWS streaming notifications (Subscribe + GetStreamingEvents), grouped as Microsoft's affinity
/// article says: at most 200 subscriptions per connection, all sent with the group's anchor
/// mailbox as `X-AnchorMailbox` (the client adds `X-PreferServerAffinity`).
extension EWSMailboxConnector: StreamingChangeSource {
    /// A connection is asked to stay open this long (the protocol's maximum): fewer reconnects.
    static let connectionMinutes = 30

    public var subscriptionsPerConnection: Int { ExchangeWebServicesClient.maxSubscriptionsPerStreamingConnection }

    public func subscribeToChanges(of mailbox: MailboxAddress, kinds: [EntityKind], anchor: MailboxAddress) async throws -> String {
        try await client.subscribeToStreamingNotifications(
            folders: kinds.map(Self.folder(of:)), eventTypes: [.created, .modified, .deleted, .moved], mailbox: mailbox.rawValue,
            anchorMailbox: anchor.rawValue)
    }

    public func changeEvents(subscriptions: [String], anchor: MailboxAddress) -> AsyncThrowingStream<StreamedChanges, any Error> {
        let messages = client.streamingEvents(subscriptionIDs: subscriptions, anchorMailbox: anchor.rawValue, connectionTimeout: Self.connectionMinutes)
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    for try await message in messages {
                        if let failure = message.failure { throw failure }
                        let changed = Set(message.notifications.filter { $0.events.contains { $0.type != .status } }.map(\.subscriptionID))
                        let lost = Set(message.subscriptionFailures.map(\.subscriptionID))
                        if !changed.isEmpty || !lost.isEmpty { continuation.yield(StreamedChanges(changed: changed, lost: lost)) }
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    public func unsubscribeFromChanges(_ subscription: String, of mailbox: MailboxAddress, anchor: MailboxAddress) async throws {
        try await client.unsubscribe(subscriptionID: subscription, mailbox: mailbox.rawValue, anchorMailbox: anchor.rawValue)
    }
}
