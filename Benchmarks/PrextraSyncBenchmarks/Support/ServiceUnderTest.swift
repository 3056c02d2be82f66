import AsyncHTTPClient
import ExchangeSimulator
import Foundation
import Logging
import MicrosoftIdentity
import ServiceConfiguration
import SyncEngine
import SyncService
import SyncStore

/// The sync service as production composes it (SQLite store, or the store given; EWS or Graph
/// connector, token provider cache), pointed at a simulator child process.
struct ServiceUnderTest {
    let service: SyncService
    let tokenProviders: AccessTokenProviders
    let directory: URL
    let store: any SyncStore
    let connector: any MailboxConnector

    static let environmentName = "bench"

    /// - Parameter directory: the directory of a store to open again (another service over the
    ///   same store, e.g. on another API); a new temporary one by default.
    init(
        simulator: SimulatorChildProcess, mailboxes: Int, concurrency: Int, pageSize: Int, api: ExchangeAPI = .ews,
        directory: URL? = nil, interval: Duration = ServiceSettings.defaultSyncInterval, notifications: NotificationSettings? = nil,
        listensForChanges: Bool = true, store: (any SyncStore)? = nil, worker: String = SyncService.Settings.defaultWorker
    ) throws {
        self.directory = directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("prextra-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: self.directory, withIntermediateDirectories: true)
        self.store = try store ?? SQLiteSyncStore(path: self.directory.appendingPathComponent("store.sqlite").path)
        let configuration = EnvironmentConfiguration(
            name: Self.environmentName, tenantID: BenchmarkWorld.tenantId, applicationID: BenchmarkWorld.clientId,
            credential: .secret(Secret(BenchmarkWorld.secret), source: .inline), api: api,
            ewsURL: simulator.baseURL.appendingPathComponent("EWS/Exchange.asmx"), authority: simulator.baseURL,
            graphURL: simulator.baseURL, mailboxes: (0..<mailboxes).map(BenchmarkWorld.mailbox))
        tokenProviders = AccessTokenProviders(endpoint: TokenEndpointClient(httpClient: .shared))
        var quiet = Logger(label: "prextra-sync-benchmarks")
        quiet.logLevel = .error
        let connector: any MailboxConnector =
            switch api {
            case .ews, .auto: try EWSMailboxConnector(environment: configuration, httpClient: .shared, tokenProviders: tokenProviders, logger: quiet)
            case .graph: try GraphMailboxConnector(environment: configuration, httpClient: .shared, tokenProviders: tokenProviders, logger: quiet)
            }
        self.connector = connector
        var environment = SyncEnvironment(configuration: configuration, connector: connector)
        environment.notifications = notifications
        var settings = SyncService.Settings(interval: interval, concurrencyPerTenant: concurrency, worker: worker, pageSize: pageSize)
        settings.listensForChanges = listensForChanges
        service = SyncService(store: self.store, environments: [environment], settings: settings, logger: quiet)
    }

    /// What one `runOnce` did, summed over the mailboxes.
    struct Cycle {
        var wallTime: Duration
        var summaries: [SyncRunSummary]
        var requests: [String: Int]
        var failedRequests: Int

        var outlookWrites: Int { summaries.map(\.outlookWrites).reduce(0, +) }
        var crmWrites: Int { summaries.map(\.crmWrites).reduce(0, +) }
        var itemsRead: Int { summaries.map(\.itemsRead).reduce(0, +) }
        var failedMailboxes: Int { summaries.filter { $0.outcome != .succeeded }.count }
        /// Requests on the wire (a Graph `$batch` is one; the requests inside it are logged as `Graph $batch …`).
        var totalRequests: Int { requests.filter { !$0.key.hasPrefix("Graph $batch ") }.values.reduce(0, +) }
        /// Requests carried inside Graph `$batch`es.
        var batchedRequests: Int { requests.filter { $0.key.hasPrefix("Graph $batch ") }.values.reduce(0, +) }
        var ewsWriteRequests: Int { ["CreateItem", "UpdateItem", "DeleteItem", "MoveItem"].map { requests[$0, default: 0] }.reduce(0, +) }
        var firstError: String? { summaries.compactMap(\.error).first }
    }

    func cycle(simulator: SimulatorChildProcess) async throws -> Cycle {
        try await SimulatorRequestLog.clear(at: simulator.baseURL)
        let clock = ContinuousClock()
        var summaries: [SyncRunSummary] = []
        let elapsed = try await clock.measure { summaries = try await service.runOnce() }
        let (requests, failed) = try await SimulatorRequestLog.counts(at: simulator.baseURL)
        return Cycle(wallTime: elapsed, summaries: summaries, requests: requests, failedRequests: failed)
    }

    func removeFiles() { try? FileManager.default.removeItem(at: directory) }
}

extension ServiceUnderTest.Cycle {
    /// The requests by operation; Graph paths are shortened to their shape (`/users/{user}/contacts/{id}`).
    /// Requests whose operation names `fragment` (e.g. `calendarView`).
    func operationCount(_ fragment: String) -> Int {
        requests.filter { Self.shape(of: $0.key).contains(fragment) }.map(\.value).reduce(0, +)
    }

    func operations() -> String {
        var shapes: [String: Int] = [:]
        for (operation, count) in requests { shapes[Self.shape(of: operation), default: 0] += count }
        return shapes.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
    }

    static func shape(of operation: String) -> String { EWSRequestRecord.shape(of: operation) }
}
