import AsyncHTTPClient
import MicrosoftIdentity
import ServiceConfiguration

extension SyncEnvironment {
    /// The environments of a loaded configuration that the service can synchronize, each with its
    /// EWS connector, and why the others cannot be (by environment name). An environment with
    /// configuration errors is absent from `loaded.environments` and therefore from both.
    ///
    /// One environment failing here (an unreadable certificate, an API not supported yet) never
    /// keeps the others out.
    public static func environments(
        from loaded: LoadedConfiguration, httpClient: HTTPClient = OutboundHTTPClient.shared,
        tokenProviders: AccessTokenProviders? = nil
    ) -> (environments: [SyncEnvironment], unavailable: [String: String]) {
        let providers = tokenProviders ?? AccessTokenProviders(endpoint: TokenEndpointClient(httpClient: httpClient))
        var environments: [SyncEnvironment] = []
        var unavailable: [String: String] = [:]
        for configuration in loaded.environments {
            guard configuration.api == .ews else {
                unavailable[configuration.name] =
                    "Api \(configuration.api.configurationName) is not supported yet by the sync service; use Ews."
                continue
            }
            do {
                let connector = try EWSMailboxConnector(
                    environment: configuration, httpClient: httpClient, tokenProviders: providers)
                environments.append(SyncEnvironment(configuration: configuration, connector: connector))
            } catch {
                unavailable[configuration.name] = "\(error)"
            }
        }
        return (environments, unavailable)
    }
}
