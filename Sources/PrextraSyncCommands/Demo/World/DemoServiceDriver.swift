import AsyncHTTPClient
import ExchangeSimulator
import Logging
import MicrosoftIdentity
import SyncEngine
import SyncService
import Synchronization

/// The real thing: the sync service with the EWS or the Graph connector (the environment's
/// `Api`), reaching the simulator over HTTP with app-only tokens from the simulated Entra ID,
/// exactly as it would reach Exchange Online.
final class DemoServiceDriver: DemoSyncDriver {
    let service: SyncService
    let connector: any MailboxConnector
    let httpClient: HTTPClient
    let environment: String
    let exchange: SimulatedExchange
    private let readRanges = Mutex<[Range<Int>]>([])

    init(service: SyncService, connector: any MailboxConnector, httpClient: HTTPClient, environment: String, exchange: SimulatedExchange) {
        self.service = service
        self.connector = connector
        self.httpClient = httpClient
        self.environment = environment
        self.exchange = exchange
    }

    static func make(world: DemoWorld) throws -> DemoServiceDriver {
        var logger = Logger(label: "prextra-sync.demo")
        logger.logLevel = .error
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton)
        let providers = AccessTokenProviders(endpoint: TokenEndpointClient(httpClient: httpClient, logger: logger))
        let connector: any MailboxConnector =
            world.environment.api == .graph
            ? try GraphMailboxConnector(environment: world.environment, httpClient: httpClient, tokenProviders: providers, logger: logger)
            : try EWSMailboxConnector(environment: world.environment, httpClient: httpClient, tokenProviders: providers, logger: logger)
        let service = SyncService(
            store: world.store, environments: [SyncEnvironment(configuration: world.environment, connector: connector)],
            settings: SyncService.Settings(interval: .seconds(15), worker: "demo"), logger: logger)
        return DemoServiceDriver(
            service: service, connector: connector, httpClient: httpClient, environment: world.environmentName,
            exchange: world.exchange)
    }

    func syncNow(_ mailbox: MailboxAddress, progress: @escaping @Sendable (DemoSyncProgress) -> Void) async throws
        -> DemoCycleCounts
    {
        let summary = try await service.syncNow(environment: environment, mailbox: mailbox) { report in
            var activity = report.phase.rawValue
            if let kind = report.kind { activity += " \(kind.rawValue)s" }
            progress(DemoSyncProgress(mailbox: report.mailbox, activity: activity, itemsDone: report.itemsRead + report.itemsWritten))
        }
        guard summary.outcome == .succeeded else {
            throw DemoError.syncFailed(mailbox: mailbox.rawValue, message: summary.error ?? summary.outcome.rawValue)
        }
        return DemoCycleCounts(itemsRead: summary.itemsRead, outlookWrites: summary.outlookWrites, crmWrites: summary.crmWrites)
    }

    func readItems(of kind: EntityKind, in mailbox: MailboxAddress) async throws -> [OutlookItem] {
        // Only the demo reads while it checks (the service is idle), so the log grows by our requests alone.
        let start = exchange.requestLog.count
        defer {
            let end = exchange.requestLog.count
            readRanges.withLock { $0.append(start..<end) }
        }
        var items: [OutlookItem] = []
        var cursor: String? = nil
        while true {
            let page = try await connector.changes(of: kind, in: mailbox, since: cursor, maxChanges: 512)
            items += page.changes.changed
            cursor = page.nextCursor
            if !page.hasMore { return items }
        }
    }

    func comparableFields(_ item: FieldSet, kind: EntityKind, record: FieldSet) -> FieldSet {
        var fields = connector.aligned(item, kind: kind, base: record)
        for name in connector.fieldsOutOfReach(of: kind) { fields[name] = record[name] }
        return fields
    }

    var ownRequestRanges: [Range<Int>] { readRanges.withLock { $0 } }

    func cycleSoon(_ mailboxes: Set<MailboxAddress>) {
        service.cycleSoon(environment: environment, mailboxes: mailboxes)
    }

    func shutdown() async {
        try? await httpClient.shutdown()
    }
}
