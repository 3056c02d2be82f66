import AsyncHTTPClient
import Foundation
import Logging
import MicrosoftGraph
import MicrosoftIdentity
import ServiceConfiguration
import SyncEngine

extension GraphMailboxConnector {
    /// The connector of one configured environment: Graph v1.0 at its `GraphUrl`, with tokens for
    /// the Graph resource of its cloud from `tokenProviders` (one cached provider per tenant,
    /// application and resource).
    ///
    /// - Throws: `ClientCertificateError` when the environment's certificate credential cannot be read.
    public init(
        environment: EnvironmentConfiguration, httpClient: HTTPClient, tokenProviders: AccessTokenProviders,
        logger: Logger = Logger(label: "SyncService.GraphMailboxConnector")
    ) throws(ClientCertificateError) {
        var logger = logger
        logger[metadataKey: "environment"] = "\(environment.name)"
        let identity = try EnvironmentIdentity(environment)
        let provider = tokenProviders.provider(for: identity.registration, resource: .graph(in: identity.registration.cloud, readsMail: environment.email.readsMail), logger: logger)
        let client = GraphClient(
            configuration: GraphClientConfiguration(baseURL: environment.graphURL.appendingPathComponent("v1.0")),
            httpClient: httpClient, tokenProvider: provider, logger: logger)
        self.init(
            client: client, sendsMeetingInvitations: SyncEngine.SyncPolicy(configuration: environment.sync).sendMeetingInvitations,
            logger: logger)
    }
}
