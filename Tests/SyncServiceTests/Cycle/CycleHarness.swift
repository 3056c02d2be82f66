import SimulatorTestSupport
import ExchangeSimulator
import Foundation
import MicrosoftGraph
import SyncEngine
@testable import SyncService
import SyncStore
import Testing

/// The whole chain over loopback: the simulator as Outlook (through the real EWS or Graph
/// connector), a SQLite file as the state store and CRM, and cycles run exactly as the service
/// runs them.
final class CycleHarness: Sendable {
    static let environment = "contoso"
    static let alice = SimulatorFixture.alice
    static let bob = SimulatorFixture.bob
    /// Operations that change a mailbox.
    static let writeOperations: Set<String> = ["CreateItem", "UpdateItem", "DeleteItem", "MoveItem"]

    let fixture: SimulatorFixture
    let store: SQLiteSyncStore
    let directory: URL
    let api: ConnectorAPI
    let connector: any MailboxConnector

    private init(fixture: SimulatorFixture, store: SQLiteSyncStore, directory: URL, api: ConnectorAPI) throws {
        self.fixture = fixture
        self.store = store
        self.directory = directory
        self.api = api
        connector = try fixture.connector(api)
    }

    /// The policy cycles run under unless told otherwise: everything, both ways.
    var defaultPolicy: SyncPolicy { SyncPolicy() }

    /// Runs `body` with a fresh simulator and a fresh store file in which alice and bob are enrolled.
    static func with(api: ConnectorAPI = .ews, seed: SimulatorSeed? = nil, _ body: (CycleHarness) async throws -> Void) async throws {
        let seed = seed ?? (api == .graph ? SimulatorFixture.graphSeed : .demo)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("SyncServiceTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try await SimulatorFixture.with(seed: seed) { fixture in
            let store = try SQLiteSyncStore(path: directory.appendingPathComponent("state.sqlite").path)
            try await store.registerEnvironment(environment, configFingerprint: nil)
            try await store.enrolMailbox(environment: environment, address: alice)
            try await store.enrolMailbox(environment: environment, address: bob)
            try await body(try CycleHarness(fixture: fixture, store: store, directory: directory, api: api))
        }
    }

    var exchange: SimulatedExchange { fixture.exchange }

    // MARK: Cycles

    func cycle(_ mailbox: MailboxAddress, policy: SyncPolicy? = nil) -> SyncCycle {
        SyncCycle(
            environment: Self.environment, mailbox: mailbox, policy: policy ?? defaultPolicy, store: store, connector: connector,
            worker: "tests")
    }

    /// Runs one cycle and returns its summary, with the writes it sent to Exchange.
    @discardableResult
    func sync(_ mailbox: MailboxAddress, policy: SyncPolicy? = nil) async throws -> SyncRunSummary {
        try await cycle(mailbox, policy: policy).run()
    }

    /// The EWS operations sent while `body` ran.
    func requests(during body: () async throws -> Void) async throws -> [EWSRequestRecord] {
        exchange.clearRequestLog()
        try await body()
        return exchange.requestLog
    }

    // MARK: The CRM side

    @discardableResult
    func upsert(_ kind: EntityKind, _ id: RecordID, _ fields: FieldSet, owners: Set<MailboxAddress> = [bob]) async throws
        -> RecordWriteResult
    {
        try await store.upsertRecord(
            environment: Self.environment, record: RecordKey(kind, id), fields: fields, owners: owners, ifMatch: nil)
    }

    func record(_ kind: EntityKind, _ id: RecordID) async throws -> StoredRecord? {
        try await store.record(environment: Self.environment, key: RecordKey(kind, id))
    }

    func links(_ mailbox: MailboxAddress, _ kind: EntityKind? = nil) async throws -> [StoredLink] {
        try await store.links(environment: Self.environment, mailbox: mailbox, entity: kind)
    }

    func pendingIntents(_ mailbox: MailboxAddress) async throws -> [StoredIntent] {
        try await store.pendingIntents(environment: Self.environment, mailbox: mailbox)
    }

    /// The Outlook feed the ERP reads, from the beginning.
    func outlookFeed() async throws -> [OutlookChange] {
        try await store.outlookChanges(environment: Self.environment, after: .start, limit: 1000).changes
    }

    // MARK: The Outlook side

    /// Every item of the kind's folder, as the connector reads it.
    func items(_ kind: EntityKind, in mailbox: MailboxAddress) async throws -> [OutlookItem] {
        try await connector.readAll(kind, in: mailbox).items
    }

    /// The item tagged with `record`, failing the test when there is not exactly one.
    func item(_ kind: EntityKind, of record: RecordID, in mailbox: MailboxAddress, sourceLocation: SourceLocation = #_sourceLocation)
        async throws -> OutlookItem
    {
        let tagged = try await items(kind, in: mailbox).filter { $0.tag == SyncTag(record: record) }
        #expect(tagged.count == 1, "items tagged \(record): \(tagged.count)", sourceLocation: sourceLocation)
        return try #require(tagged.first, sourceLocation: sourceLocation)
    }

    /// The id the simulator's Outlook actions take for an item the connector read: the same on
    /// EWS; on Graph, its immutable id translated to the EWS id (`translateExchangeIds`).
    func simulatorID(of item: OutlookItem, in mailbox: MailboxAddress) async throws -> String {
        guard api == .graph, let graph = connector as? GraphMailboxConnector else { return item.id.rawValue }
        let translated = try await graph.client.translateExchangeIDs(
            [item.id.rawValue], from: .restImmutableEntryId, to: .ewsId, mailbox: mailbox.rawValue)
        return try #require(translated.first?.targetId, "no EWS id for \(item.id)")
    }

    static func folder(_ kind: EntityKind) -> String {
        switch kind {
        case .contact: "contacts"
        case .appointment: "calendar"
        case .task: "tasks"
        }
    }
}

extension Array where Element == EWSRequestRecord {
    /// The requests that change a mailbox: EWS writes, and Graph POST, PATCH and DELETE (those
    /// inside a `$batch` are logged one by one; the batch itself and id translation change nothing).
    var writes: [EWSRequestRecord] {
        filter { record in
            if CycleHarness.writeOperations.contains(record.operation) { return true }
            let parts = record.operation.split(separator: " ").filter { $0 != "$batch" }
            guard parts.count == 3, parts[0] == "Graph", ["POST", "PATCH", "DELETE"].contains(parts[1]) else { return false }
            return !parts[2].hasSuffix("/$batch") && !parts[2].hasSuffix("/translateExchangeIds")
        }
    }

    func count(of operation: String) -> Int { filter { $0.operation == operation }.count }
}

/// A failure injected into a cycle, standing for a crash.
struct InjectedCrash: Error {}
