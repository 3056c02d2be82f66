import Foundation
import MicrosoftIdentity
import ServiceConfiguration

/// Maps a validated environment of the configuration onto the identity client's types.
extension EnvironmentConfiguration {
    /// The cloud implied by `Authority` (and, for US Government, `GraphUrl`); any other host is a
    /// custom authority (the simulator, a proxy).
    public var azureCloud: AzureCloud {
        switch authority.host?.lowercased() {
        case "login.microsoftonline.com": return .global
        case "login.microsoftonline.us":
            return graphURL.host?.lowercased() == "dod-graph.microsoft.us" ? .usGovernmentDoD : .usGovernmentHigh
        case "login.partner.microsoftonline.cn", "login.chinacloudapi.cn": return .china
        default: return .custom(authority: authority)
        }
    }

    /// The resource whose token this environment's API needs.
    public var tokenResource: TokenResource {
        switch api {
        case .ews, .auto: .exchangeOnline(in: azureCloud)
        case .graph: .graph(in: azureCloud, readsMail: email.readsMail)
        }
    }

    /// The app registration, with the credential read from the configuration.
    public func appRegistration() throws(ClientCertificateError) -> AppRegistration {
        let credential: MicrosoftIdentity.ClientCredential
        switch self.credential {
        case .secret(let secret, _):
            credential = .secret(ClientSecret(secret.value, expiresOn: clientSecretExpiresOn))
        case .certificate(let certificate):
            credential = .certificate(try ClientCertificate(
                certificatePEM: certificate.certificatePEM, privateKeyPEM: certificate.privateKeyPEM.value))
        }
        return AppRegistration(tenantId: tenantID, clientId: applicationID, credential: credential, cloud: azureCloud)
    }
}
