import Foundation

/// The webhook outbox: every Outlook change of an environment with webhook delivery on is
/// queued in the same transaction that appends it to the feed, and stays until delivered.
public protocol WebhookOutboxStore: Sendable {
    /// Claims up to `limit` undelivered entries due now, oldest first, and pushes their next
    /// attempt `claimFor` ahead, so another worker does not send them at the same time. An
    /// entry whose sender dies is due again when the claim runs out. A record's entry is
    /// claimed only once every earlier entry of the same record is delivered (claimed, failed
    /// and waiting for its retry, or not due, an earlier entry holds the later ones back): the
    /// ERP receives a record's changes in their order, and different records' in parallel.
    func claimDueWebhookDeliveries(environment: String, limit: Int, claimFor: Duration) async throws
        -> [WebhookDelivery]

    func markWebhookDelivered(environment: String, position: FeedPosition) async throws

    /// Records a failed attempt and when to try again (the caller computes the backoff).
    func markWebhookFailed(environment: String, position: FeedPosition, error: String, retryAt: Date) async throws

    /// The entry for this change, delivered or not.
    func webhookDelivery(environment: String, position: FeedPosition) async throws -> WebhookDelivery?

    /// How many entries are not delivered yet.
    func undeliveredWebhookCount(environment: String) async throws -> Int
}
