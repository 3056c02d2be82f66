import Foundation

/// One app registration in one tenant: the `ApplicationId`, `ClientSecret` (or certificate) and
/// `TenantId` a customer sends, plus the cloud it lives in.
public struct AppRegistration: Sendable, CustomStringConvertible {
    /// Tenant id (GUID) or a verified domain name. Never `common`: the client-credentials grant needs the tenant.
    public var tenantId: String
    /// The application (client) id.
    public var clientId: String
    public var credential: ClientCredential
    public var cloud: AzureCloud

    public init(tenantId: String, clientId: String, credential: ClientCredential, cloud: AzureCloud = .global) {
        self.tenantId = tenantId.trimmingCharacters(in: .whitespacesAndNewlines)
        self.clientId = clientId.trimmingCharacters(in: .whitespacesAndNewlines)
        self.credential = credential
        self.cloud = cloud
    }

    /// `{authority}/{tenant}/oauth2/v2.0/token`.
    public var tokenEndpoint: URL {
        let base = cloud.authority.absoluteString.hasSuffix("/") ? String(cloud.authority.absoluteString.dropLast()) : cloud.authority.absoluteString
        let tenant = tenantId.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? tenantId
        return URL(string: "\(base)/\(tenant)/oauth2/v2.0/token")!
    }

    /// When the credential stops working, if known: `ClientSecretExpiresOn` for a secret,
    /// notAfter for a certificate. For expiry warnings, status pages and metrics.
    public var credentialExpiresOn: Date? {
        switch credential {
        case .secret(let secret): secret.expiresOn
        case .certificate(let certificate): certificate.notValidAfter
        }
    }

    public var description: String { "AppRegistration(tenant: \(tenantId), client: \(clientId), credential: \(credential))" }
}
