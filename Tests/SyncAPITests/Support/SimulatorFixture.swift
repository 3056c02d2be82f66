import AsyncHTTPClient
import ExchangeSimulator
import Foundation
import Hummingbird
import MicrosoftIdentity
import ServiceConfiguration
import SyncEngine
import SyncService

/// The Exchange simulator (Entra ID token endpoint + strict EWS) on 127.0.0.1 with the demo
/// seed, and its Contoso environment as the configuration would give it.
final class SimulatorFixture: Sendable {
    static let alice: MailboxAddress = "alice@contoso.example"
    static let contosoTenant = "11111111-1111-4111-8111-111111111111"
    static let contosoApp = "22222222-2222-4222-8222-222222222222"
    static let contosoSecret = "demo-secret-value~contoso"
    static let httpClient = HTTPClient(eventLoopGroupProvider: .singleton)
    static let signingKey: TokenSigningKey = try! TokenSigningKey.generate()

    let server: SimulatorServer
    let baseURL: URL

    private init(server: SimulatorServer, baseURL: URL) {
        self.server = server
        self.baseURL = baseURL
    }

    static func start() async throws -> SimulatorFixture {
        let identity = try EntraIDSimulator(seed: .demo, signingKey: signingKey)
        let entra = EntraEndpoints(identity: identity)
        let server = try SimulatorServer(
            configuration: SimulatorConfiguration(seed: .demo, validatesResponses: true), tokenValidator: entra,
            routeProviders: [entra])
        return SimulatorFixture(server: server, baseURL: try await server.start())
    }

    func stop() async { await server.stop() }

    var exchange: SimulatedExchange { server.exchange }

    var environment: EnvironmentConfiguration {
        EnvironmentConfiguration(
            name: "contoso", tenantID: Self.contosoTenant, applicationID: Self.contosoApp,
            credential: .secret(Secret(Self.contosoSecret), source: .inline),
            ewsURL: baseURL.appendingPathComponent("EWS/Exchange.asmx"), authority: baseURL)
    }

    /// A sync service for the Contoso environment over `store`.
    func syncService(store: any SyncStore) throws -> SyncService {
        let connector = try EWSMailboxConnector(
            environment: environment, httpClient: Self.httpClient,
            tokenProviders: AccessTokenProviders(endpoint: TokenEndpointClient(httpClient: Self.httpClient)))
        return SyncService(
            store: store, environments: [SyncEnvironment(configuration: environment, connector: connector)],
            settings: SyncService.Settings(interval: .seconds(3600)))
    }
}

/// The simulator's Entra ID side as the EWS endpoint's token validator and as routes of the server.
private struct EntraEndpoints: AppTokenValidating, SimulatorRouteProvider {
    let identity: EntraIDSimulator

    func validate(bearerToken: String) throws(AppTokenRejection) -> AppTokenClaims {
        do {
            let token = try identity.validate(bearer: bearerToken, expectedAudiences: SimulatedResource.exchangeOnline.acceptedAudiences)
            return AppTokenClaims(tenantId: token.tenantId, appId: token.appId, roles: token.roles)
        } catch {
            throw AppTokenRejection(reason: error.reason)
        }
    }

    func addRoutes(to router: Router<BasicRequestContext>) {
        identity.addRoutes(to: router)
    }
}

import SyncStore
