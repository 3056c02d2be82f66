import Foundation
import Logging

/// Entra ID's token endpoint and Exchange Online's EWS on one HTTP server, from one seed:
/// what `prextra-sync simulator`, the demo and the benchmarks run. Tokens the token endpoint
/// issues are the ones the EWS endpoint accepts.
public final class ExchangeOnlineSimulator: Sendable {
    public let entraID: EntraIDSimulator
    public let server: SimulatorServer

    /// Where a started simulator answers.
    public struct Endpoints: Sendable, Hashable {
        /// `http://HOST:PORT`: also the Entra ID authority (`{authority}/{tenant}/oauth2/v2.0/token`).
        public var baseURL: URL
        public var authority: URL { baseURL }
        public var ews: URL { baseURL.appendingPathComponent("EWS/Exchange.asmx") }
        public var control: URL { baseURL.appendingPathComponent("control") }
        public func tokenEndpoint(tenantId: String) -> URL {
            baseURL.appendingPathComponent(tenantId).appendingPathComponent("oauth2/v2.0/token")
        }
    }

    public init(configuration: SimulatorConfiguration, logger: Logger = Logger(label: "ExchangeSimulator")) throws {
        entraID = try EntraIDSimulator(seed: configuration.seed)
        server = try SimulatorServer(configuration: configuration, entraID: entraID, logger: logger)
    }

    public var exchange: SimulatedExchange { server.exchange }

    /// Starts listening; the base URL names `configuration.host` (127.0.0.1 when listening on
    /// every interface, so that it can be used as is).
    public func start() async throws -> Endpoints {
        let url = try await server.start()
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return Endpoints(baseURL: url) }
        if ["0.0.0.0", "::", "[::]"].contains(components.host ?? "") { components.host = "127.0.0.1" }
        return Endpoints(baseURL: components.url ?? url)
    }

    public func stop() async {
        await server.stop()
    }
}
