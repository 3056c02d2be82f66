import Foundation

/// The body of a webhook delivery: one Outlook change, as the change feed returns it.
struct WebhookPayload: Encodable {
    var environment: String
    /// `environment:position`, stable across retries: the ERP drops an event it already applied.
    var eventId: String
    var change: ChangeRepresentation
}

/// The body of a service event's delivery (an environment onboarded, a credential expiring).
struct ServiceEventPayload: Encodable {
    /// `environment.onboarded`, `credential.expiring`.
    var type: String
    /// `service:<id>`, stable across retries.
    var eventId: String
    var environment: String
    var occurredAt: Date
    var data: JSONValue
}
