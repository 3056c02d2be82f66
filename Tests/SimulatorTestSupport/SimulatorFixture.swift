import AsyncHTTPClient
import ExchangeSimulator
import Foundation
import MicrosoftGraph
import MicrosoftIdentity
import ServiceConfiguration
import SyncEngine
import SyncService
import SyncStore

/// A running simulator (Entra ID token endpoint + EWS) on 127.0.0.1 with the demo seed, and the
/// configured environment of its Contoso tenant: what the service sees in production, over loopback.
///
/// Tokens go the real way: client-credentials grant against the simulator's token endpoint, RS256
/// tokens it validates on every EWS request. Every EWS response is checked against the schema.
///
/// Shared by the test targets that run the service against the simulator (SyncServiceTests, SyncAPITests).
public final class SimulatorFixture: Sendable {
    public static let alice: MailboxAddress = "alice@contoso.example"
    /// A mailbox with nothing in it.
    public static let bob: MailboxAddress = "bob@contoso.example"
    public static let contosoTenant = "11111111-1111-4111-8111-111111111111"
    public static let contosoApp = "22222222-2222-4222-8222-222222222222"
    public static let contosoSecret = "demo-secret-value~contoso"

    /// One pooled client for the whole test run.
    public static let httpClient = HTTPClient(eventLoopGroupProvider: .singleton)
    /// RSA key generation is slow in debug builds: one signing key serves every fixture.
    public static let signingKey: TokenSigningKey = try! TokenSigningKey.generate()

    public let server: SimulatorServer
    public let identity: EntraIDSimulator
    public let baseURL: URL
    public let tokenProviders: AccessTokenProviders

    private init(server: SimulatorServer, identity: EntraIDSimulator, baseURL: URL) {
        self.server = server
        self.identity = identity
        self.baseURL = baseURL
        tokenProviders = AccessTokenProviders(endpoint: TokenEndpointClient(httpClient: Self.httpClient))
    }

    public static func start(seed: SimulatorSeed = .demo) async throws -> SimulatorFixture {
        let identity = try EntraIDSimulator(seed: seed, signingKey: signingKey)
        let server = try SimulatorServer(
            configuration: SimulatorConfiguration(seed: seed, validatesResponses: true), entraID: identity)
        let url = try await server.start()
        return SimulatorFixture(server: server, identity: identity, baseURL: url)
    }

    /// Runs `body` against a fresh simulator, stopping it afterwards.
    public static func with<T>(seed: SimulatorSeed = .demo, _ body: (SimulatorFixture) async throws -> T) async throws -> T {
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

    public func stop() async { await server.stop() }

    public var exchange: SimulatedExchange { server.exchange }

    /// The Contoso environment as the configuration file would give it, pointed at the simulator.
    public var environment: EnvironmentConfiguration {
        EnvironmentConfiguration(
            name: "contoso", tenantID: Self.contosoTenant, applicationID: Self.contosoApp,
            credential: .secret(Secret(Self.contosoSecret), source: .inline), ewsURL: baseURL.appendingPathComponent("EWS/Exchange.asmx"),
            authority: baseURL, mailboxes: [Self.alice.rawValue, Self.bob.rawValue])
    }

    /// The EWS connector of the Contoso environment.
    public func connector() throws -> EWSMailboxConnector {
        try EWSMailboxConnector(environment: environment, httpClient: Self.httpClient, tokenProviders: tokenProviders)
    }

    /// The Graph application roles the sync asks for.
    public static let graphRoles = ["Calendars.ReadWrite", "Contacts.ReadWrite", "Tasks.ReadWrite.All", "Mail.Read", "User.Read.All"]

    /// The demo world with the Graph roles granted to Contoso's app (the demo seed grants EWS only).
    public static var graphSeed: SimulatorSeed {
        var seed = SimulatorSeed.demo
        seed.tenants[0].apps[0].roles["graph"] = graphRoles
        return seed
    }

    /// The Graph connector of the Contoso environment, on the simulator's `/v1.0`, with tokens for
    /// the Graph resource (start the fixture with `seed: graphSeed`).
    public func graphConnector(maxPageSize: Int = 100, calendarWindow: GraphCalendarWindow = GraphCalendarWindow()) throws
        -> GraphMailboxConnector
    {
        let identity = try EnvironmentIdentity(environment)
        let provider = tokenProviders.provider(for: identity.registration, resource: .graph(in: identity.registration.cloud))
        let client = GraphClient(
            configuration: GraphClientConfiguration(baseURL: baseURL.appendingPathComponent("v1.0"), maxPageSize: maxPageSize),
            httpClient: Self.httpClient, tokenProvider: provider)
        return GraphMailboxConnector(client: client, calendarWindow: calendarWindow)
    }

    /// The connector of either API (Graph's reading the calendar over `calendarWindow`).
    public func connector(_ api: ConnectorAPI, calendarWindow: GraphCalendarWindow = GraphCalendarWindow()) throws -> any MailboxConnector {
        switch api {
        case .ews: try connector()
        case .graph: try graphConnector(calendarWindow: calendarWindow)
        }
    }

    /// A sync service for the Contoso environment over `store`, with an interval long enough that
    /// only explicit requests run cycles.
    public func syncService(store: any SyncStore) throws -> SyncService {
        SyncService(
            store: store, environments: [SyncEnvironment(configuration: environment, connector: try connector())],
            settings: SyncService.Settings(interval: .seconds(3600)))
    }
}

/// The API a test reaches the mailbox through: shared suites run once per connector.
public enum ConnectorAPI: String, CaseIterable, Sendable, CustomStringConvertible {
    case ews, graph
    public var description: String { rawValue }
}
