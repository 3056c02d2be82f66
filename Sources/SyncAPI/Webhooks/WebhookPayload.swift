/// The body of a webhook delivery: one Outlook change, as the change feed returns it.
struct WebhookPayload: Encodable {
    var environment: String
    /// `environment:position`, stable across retries: the ERP drops an event it already applied.
    var eventId: String
    var change: ChangeRepresentation
}
