import Foundation

/// An environment (one customer) as the store knows it.
public struct StoredEnvironment: Sendable, Hashable, Codable {
    /// The `Environment` name from the configuration.
    public var name: String
    /// A fingerprint of the environment's configuration as last seen (a hash, never a secret).
    public var configFingerprint: String?
    /// Whether Outlook changes are also queued for webhook delivery.
    public var webhookDelivery: Bool
    /// The position of the newest entry in the CRM change feed (0 when empty).
    public var crmFeedHead: FeedPosition
    /// The position of the newest entry in the Outlook change feed (0 when empty).
    public var outlookFeedHead: FeedPosition
    public var registeredAt: Date
    /// The API the service last chose for it; nil before a service ran it.
    public var apiChoice: StoredAPIChoice?

    public init(
        name: String, configFingerprint: String?, webhookDelivery: Bool, crmFeedHead: FeedPosition,
        outlookFeedHead: FeedPosition, registeredAt: Date, apiChoice: StoredAPIChoice? = nil
    ) {
        self.name = name
        self.configFingerprint = configFingerprint
        self.webhookDelivery = webhookDelivery
        self.crmFeedHead = crmFeedHead
        self.outlookFeedHead = outlookFeedHead
        self.registeredAt = registeredAt
        self.apiChoice = apiChoice
    }
}
