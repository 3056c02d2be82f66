import AsyncHTTPClient
import ExchangeWebServices
import Foundation
import Logging
import MicrosoftIdentity
import ServiceConfiguration

extension EWSMailboxConnector {
    /// The connector of one configured environment: its EWS endpoint and server version, with
    /// tokens from `tokenProvider` (app-only, for the Exchange Online resource).
    public init(
        environment: EnvironmentConfiguration, httpClient: HTTPClient, tokenProvider: any AccessTokenProvider,
        logger: Logger = Logger(label: "SyncService.EWSMailboxConnector")
    ) {
        var logger = logger
        logger[metadataKey: "environment"] = "\(environment.name)"
        let configuration = EWSClientConfiguration(
            endpoint: environment.ewsURL,
            serverVersion: ExchangeWebServices.ExchangeServerVersion(rawValue: environment.exchangeVersion.rawValue))
        self.init(
            client: ExchangeWebServicesClient(
                configuration: configuration, tokenProvider: tokenProvider, httpClient: httpClient, logger: logger),
            logger: logger)
    }

    /// The connector of one configured environment, its token provider taken from `tokenProviders`
    /// (one cached provider per tenant, application and resource).
    ///
    /// - Throws: `ClientCertificateError` when the environment's certificate credential cannot be read.
    public init(
        environment: EnvironmentConfiguration, httpClient: HTTPClient, tokenProviders: AccessTokenProviders,
        logger: Logger = Logger(label: "SyncService.EWSMailboxConnector")
    ) throws(ClientCertificateError) {
        let identity = try EnvironmentIdentity(environment)
        let provider = tokenProviders.provider(for: identity.registration, resource: identity.ewsResource, logger: logger)
        self.init(environment: environment, httpClient: httpClient, tokenProvider: provider, logger: logger)
    }
}

/// An environment's identity as `MicrosoftIdentity` needs it: the app registration (with the
/// credential from the configuration) and the resources of its cloud.
public struct EnvironmentIdentity: Sendable {
    public var registration: AppRegistration

    public init(_ environment: EnvironmentConfiguration) throws(ClientCertificateError) {
        let credential: MicrosoftIdentity.ClientCredential
        switch environment.credential {
        case .secret(let secret, _):
            credential = .secret(ClientSecret(secret.value, expiresOn: environment.clientSecretExpiresOn))
        case .certificate(let certificate):
            credential = .certificate(
                try ClientCertificate(certificatePEM: certificate.certificatePEM, privateKeyPEM: certificate.privateKeyPEM.value))
        }
        registration = AppRegistration(
            tenantId: environment.tenantID, clientId: environment.applicationID, credential: credential,
            cloud: Self.cloud(of: environment))
    }

    /// The EWS resource (`full_access_as_app`) in the environment's cloud.
    public var ewsResource: TokenResource { .exchangeOnline(in: registration.cloud) }

    /// The cloud `Authority` names (with `GraphUrl` telling the US Government clouds apart); any
    /// other host is a custom authority (the simulator, a proxy).
    public static func cloud(of environment: EnvironmentConfiguration) -> AzureCloud {
        switch environment.authority.host?.lowercased() {
        case "login.microsoftonline.com": .global
        case "login.microsoftonline.us":
            environment.graphURL.host?.lowercased() == "dod-graph.microsoft.us" ? .usGovernmentDoD : .usGovernmentHigh
        case "login.partner.microsoftonline.cn", "login.chinacloudapi.cn": .china
        default: .custom(authority: environment.authority)
        }
    }
}
