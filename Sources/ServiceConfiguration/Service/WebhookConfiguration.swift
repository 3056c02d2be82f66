import Foundation

/// Where the service pushes Outlook-side changes to the ERP, HMAC-signed.
public struct WebhookConfiguration: Sendable, Hashable {
    public let url: URL
    public let signingSecret: Secret
    public let signingSecretSource: SecretSource

    public init(url: URL, signingSecret: Secret, signingSecretSource: SecretSource) {
        self.url = url
        self.signingSecret = signingSecret
        self.signingSecretSource = signingSecretSource
    }
}
