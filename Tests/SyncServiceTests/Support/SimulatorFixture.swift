import AsyncHTTPClient
import ExchangeSimulator
import Foundation
import Hummingbird
import MicrosoftIdentity
import ServiceConfiguration
import SyncEngine
import SyncService

/// A running simulator (Entra ID token endpoint + EWS) on 127.0.0.1 with the demo seed, and the
/// configured environment of its Contoso tenant: what the service sees in production, over loopback.
///
/// Tokens go the real way: client-credentials grant against the simulator's token endpoint, RS256
/// tokens it validates on every EWS request. Every EWS response is checked against the schema.
final class SimulatorFixture: Sendable {
    static let alice: MailboxAddress = "alice@contoso.example"
    /// A mailbox with nothing in it.
    static let bob: MailboxAddress = "bob@contoso.example"
    static let contosoTenant = "11111111-1111-4111-8111-111111111111"
    static let contosoApp = "22222222-2222-4222-8222-222222222222"
    static let contosoSecret = "demo-secret-value~contoso"

    /// One pooled client for the whole test run.
    static let httpClient = HTTPClient(eventLoopGroupProvider: .singleton)
    /// RSA key generation is slow in debug builds: one signing key serves every fixture.
    static let signingKey: TokenSigningKey = try! TokenSigningKey.generate()

    let server: SimulatorServer
    let identity: EntraIDSimulator
    let baseURL: URL
    let tokenProviders: AccessTokenProviders

    private init(server: SimulatorServer, identity: EntraIDSimulator, baseURL: URL) {
        self.server = server
        self.identity = identity
        self.baseURL = baseURL
        tokenProviders = AccessTokenProviders(endpoint: TokenEndpointClient(httpClient: Self.httpClient))
    }

    static func start(seed: SimulatorSeed = .demo) async throws -> SimulatorFixture {
        let identity = try EntraIDSimulator(seed: seed, signingKey: signingKey)
        let entra = EntraEndpoints(identity: identity)
        let server = try SimulatorServer(
            configuration: SimulatorConfiguration(seed: seed, validatesResponses: true), tokenValidator: entra,
            routeProviders: [entra])
        let url = try await server.start()
        return SimulatorFixture(server: server, identity: identity, baseURL: url)
    }

    /// Runs `body` against a fresh simulator, stopping it afterwards.
    static func with<T>(seed: SimulatorSeed = .demo, _ body: (SimulatorFixture) async throws -> T) async throws -> T {
        let fixture = try await start(seed: seed)
        do {
            let result = try await body(fixture)
            await fixture.stop()
            return result
        } catch {
            await fixture.stop()
            throw error
        }
    }

    func stop() async { await server.stop() }

    var exchange: SimulatedExchange { server.exchange }

    /// The Contoso environment as the configuration file would give it, pointed at the simulator.
    var environment: EnvironmentConfiguration {
        EnvironmentConfiguration(
            name: "contoso", tenantID: Self.contosoTenant, applicationID: Self.contosoApp,
            credential: .secret(Secret(Self.contosoSecret), source: .inline), ewsURL: baseURL.appendingPathComponent("EWS/Exchange.asmx"),
            authority: baseURL, mailboxes: [Self.alice.rawValue, Self.bob.rawValue])
    }

    /// The EWS connector of the Contoso environment.
    func connector() throws -> EWSMailboxConnector {
        try EWSMailboxConnector(environment: environment, httpClient: Self.httpClient, tokenProviders: tokenProviders)
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
