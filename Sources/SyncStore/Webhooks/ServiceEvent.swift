import Foundation

/// Something the vendor must hear of that is not an Outlook change: an environment a customer
/// onboarded, a credential about to expire. Queued once per `key` (every worker may notice the
/// same thing), delivered through the webhook with the same signature and retries.
public struct ServiceEvent: Sendable, Hashable {
    public static let environmentOnboarded = "environment.onboarded"
    public static let credentialExpiring = "credential.expiring"

    /// Assigned by the store; 0 before.
    public var id: Int64
    /// What makes two sightings the same event (e.g. `credential.expiring:contoso:2027-01-31:30`).
    public var key: String
    /// `environment.onboarded`, `credential.expiring`.
    public var type: String
    public var environment: String
    /// The event's data, JSON (no secret).
    public var data: Data
    public var occurredAt: Date
    public var attempts: Int
    public var nextAttemptAt: Date
    public var lastError: String?
    public var deliveredAt: Date?

    public init(
        id: Int64 = 0, key: String, type: String, environment: String, data: Data, occurredAt: Date, attempts: Int = 0,
        nextAttemptAt: Date? = nil, lastError: String? = nil, deliveredAt: Date? = nil
    ) {
        self.id = id
        self.key = key
        self.type = type
        self.environment = environment
        self.data = data
        self.occurredAt = occurredAt
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt ?? occurredAt
        self.lastError = lastError
        self.deliveredAt = deliveredAt
    }
}
