import Foundation
import SyncEngine

/// A connector whose API streams change events over connections it opens itself (EWS streaming
/// notifications): no inbound port, no configuration. What `StreamingChangeListener` needs.
public protocol StreamingChangeSource: Sendable {
    /// The most subscriptions one connection carries (200 on Exchange).
    var subscriptionsPerConnection: Int { get }

    /// Subscribes to the changes of the mailbox's folders of these kinds; returns the
    /// subscription id. `anchor` is the first mailbox of the group whose subscriptions share a
    /// connection.
    func subscribeToChanges(of mailbox: MailboxAddress, kinds: [EntityKind], anchor: MailboxAddress) async throws -> String

    /// One connection for a group's subscriptions, until the server closes it: each element
    /// says which subscriptions saw changes and which the server no longer knows.
    func changeEvents(subscriptions: [String], anchor: MailboxAddress) -> AsyncThrowingStream<StreamedChanges, any Error>

    func unsubscribeFromChanges(_ subscription: String, of mailbox: MailboxAddress, anchor: MailboxAddress) async throws
}

/// What one message of a change stream says.
public struct StreamedChanges: Sendable, Hashable {
    /// Subscriptions whose folders changed.
    public var changed: Set<String>
    /// Subscriptions the server dropped (expired, unknown): subscribe again.
    public var lost: Set<String>

    public init(changed: Set<String> = [], lost: Set<String> = []) {
        self.changed = changed
        self.lost = lost
    }
}
