import Foundation

/// An Outlook change waiting in the webhook outbox.
public struct WebhookDelivery: Sendable, Hashable, Codable {
    public var environment: String
    public var change: OutlookChange
    /// Attempts made so far.
    public var attempts: Int
    public var nextAttemptAt: Date
    public var lastError: String?
    public var deliveredAt: Date?

    public init(
        environment: String, change: OutlookChange, attempts: Int, nextAttemptAt: Date, lastError: String?,
        deliveredAt: Date?
    ) {
        self.environment = environment
        self.change = change
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.deliveredAt = deliveredAt
    }
}
