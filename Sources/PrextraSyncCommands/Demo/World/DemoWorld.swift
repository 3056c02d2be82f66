import ExchangeSimulator
import Foundation
import Logging
import ServiceConfiguration
import SyncEngine
import SyncStore

/// One environment of the demo, in this process: the simulated Entra ID and Exchange on
/// 127.0.0.1, the SQLite store it shares with the demo's other environment, and the company's
/// environment as the service sees it.
final class DemoWorld: Sendable {
    let company: DemoCompany
    let tenant: DemoTenant
    let entra: EntraIDSimulator
    let server: SimulatorServer
    let baseURL: URL
    let store: SQLiteSyncStore
    let stateDirectory: DemoStateDirectory
    /// The environment as a configuration file would declare it, pointed at the simulator.
    let environment: EnvironmentConfiguration

    var exchange: SimulatedExchange { server.exchange }
    var environmentName: String { environment.name }

    private init(
        company: DemoCompany, tenant: DemoTenant, entra: EntraIDSimulator, server: SimulatorServer, baseURL: URL,
        store: SQLiteSyncStore, stateDirectory: DemoStateDirectory, environment: EnvironmentConfiguration
    ) {
        self.company = company
        self.tenant = tenant
        self.entra = entra
        self.server = server
        self.baseURL = baseURL
        self.store = store
        self.stateDirectory = stateDirectory
        self.environment = environment
    }

    /// The environment in a few words: which Exchange, through which API.
    var label: String {
        environment.api == .graph
            ? "\(environmentName): Exchange Online, through Microsoft Graph"
            : "\(environmentName): on-premises Exchange, through EWS"
    }

    /// Starts a simulator seeded with the company's tenant and Outlook items, for the environment
    /// `environmentName` reached through `api`, with its state in `store`.
    static func start(
        company: DemoCompany, store: SQLiteSyncStore, stateDirectory: DemoStateDirectory, api: ExchangeAPI = .ews,
        environmentName: String = DemoCompany.environment
    ) async throws -> DemoWorld {
        let tenant = DemoTenant()
        let seed = tenant.seed(for: company)
        let entra = try EntraIDSimulator(seed: seed)
        var quiet = Logger(label: "prextra-sync.demo.simulator")
        quiet.logLevel = .critical
        let server = try SimulatorServer(
            configuration: SimulatorConfiguration(seed: seed, host: "127.0.0.1", port: 0), entraID: entra, logger: quiet)
        let baseURL: URL
        do { baseURL = try await server.start() } catch { throw DemoError.simulatorDidNotStart(String(describing: error)) }
        entra.setPublicBaseURL(baseURL.absoluteString)
        let environment = EnvironmentConfiguration(
            name: environmentName, tenantID: tenant.tenantID, applicationID: tenant.applicationID,
            credential: .secret(Secret(tenant.clientSecret), source: .inline), api: api,
            ewsURL: baseURL.appendingPathComponent("EWS/Exchange.asmx"), authority: baseURL, graphURL: baseURL,
            mailboxes: company.employees.map(\.address.rawValue))
        return DemoWorld(
            company: company, tenant: tenant, entra: entra, server: server, baseURL: baseURL, store: store,
            stateDirectory: stateDirectory, environment: environment)
    }

    /// Registers the environment, enrols every employee's mailbox and writes the CRM records
    /// through the store, as the ERP's API calls would.
    func seedCRM() async throws {
        try await store.registerEnvironment(environmentName, configFingerprint: nil)
        for employee in company.employees {
            try await store.enrolMailbox(environment: environmentName, address: employee.address)
        }
        for record in company.records {
            try await store.upsertRecord(
                environment: environmentName, record: record.key, fields: record.fields, owners: record.owners, ifMatch: nil)
        }
    }

    /// Stops the simulator; the store and its directory belong to the run.
    func stop() async {
        await server.stop()
    }
}
