import AsyncHTTPClient
import MicrosoftIdentity
import ServiceConfiguration
import SyncEngine

extension SyncEnvironment {
    /// The environments of a loaded configuration that the service can synchronize, each with the
    /// connector of its `Api` (EWS, or Graph for contacts and tasks), and why the others cannot be
    /// (by environment name). An environment with configuration errors is absent from
    /// `loaded.environments` and therefore from both.
    ///
    /// One environment failing here (an unreadable certificate) never keeps the others out.
    public static func environments(
        from loaded: LoadedConfiguration, httpClient: HTTPClient = OutboundHTTPClient.shared,
        tokenProviders: AccessTokenProviders? = nil
    ) -> (environments: [SyncEnvironment], unavailable: [String: String]) {
        let providers = tokenProviders ?? AccessTokenProviders(endpoint: TokenEndpointClient(httpClient: httpClient))
        var environments: [SyncEnvironment] = []
        var unavailable: [String: String] = [:]
        for configuration in loaded.environments {
            do {
                let connector: any MailboxConnector =
                    switch configuration.api {
                    case .ews: try EWSMailboxConnector(environment: configuration, httpClient: httpClient, tokenProviders: providers)
                    case .graph: try GraphMailboxConnector(environment: configuration, httpClient: httpClient, tokenProviders: providers)
                    }
                environments.append(SyncEnvironment(configuration: configuration, connector: connector))
            } catch {
                unavailable[configuration.name] = "\(error)"
            }
        }
        return (environments, unavailable)
    }

    /// One line per environment whose connector leaves out a kind its policy synchronizes (the
    /// Graph connector and appointments, for now), for the operator to read at start.
    public static func kindsLeftOut(_ environments: [SyncEnvironment]) -> [String] {
        environments.compactMap { environment in
            let missing = EntityKind.allCases.filter { kind in
                !environment.kinds.contains(kind) && environment.policy.policy(for: kind).direction != .off
            }
            guard !missing.isEmpty else { return nil }
            let names = missing.map { "\($0.rawValue)s" }.joined(separator: ", ")
            return "environment \(environment.name) does not synchronize \(names): its API's connector does not reach them yet (Microsoft Graph: contacts and tasks only so far)."
        }
    }
}
