/// The change-notification subscriptions the service holds (see ``ChangeSubscription``).
public protocol ChangeSubscriptionStore: Sendable {
    /// Records a subscription, replacing the one of the same id or of the same mailbox and
    /// resource.
    func saveChangeSubscription(_ subscription: ChangeSubscription) async throws

    func changeSubscriptions(environment: String) async throws -> [ChangeSubscription]

    func changeSubscription(id: String) async throws -> ChangeSubscription?

    /// Forgets a subscription; nothing happens when it is unknown.
    func deleteChangeSubscription(id: String) async throws
}
