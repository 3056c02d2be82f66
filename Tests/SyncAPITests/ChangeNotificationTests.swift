import AsyncHTTPClient
import ExchangeSimulator
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import ServiceConfiguration
import SimulatorTestSupport
import SyncAPI
import SyncEngine
import SyncService
import SyncStore
import Synchronization
import Testing

/// The sync service behind the API, made once the API listens: the environment's notification
/// URL names the API's port.
final class LateServiceOperations: SyncOperations {
    let service = Mutex<SyncService?>(nil)

    var current: SyncService {
        get throws {
            guard let service = service.withLock({ $0 }) else { throw CancellationError() }
            return service
        }
    }

    func requestSync(environment: String, mailbox: MailboxAddress?) async throws -> SyncRequestReceipt {
        try await current.requestSync(environment: environment, mailbox: mailbox)
    }

    func verify(environment: String, mailbox: MailboxAddress?) async -> VerificationSummary {
        VerificationSummary(environment: environment, succeeded: true, checks: [], diagnostics: [])
    }

    func isReady() async -> Bool { true }

    func receiveGraphNotification(_ delivery: GraphNotificationDelivery) async -> GraphNotificationReceipt {
        guard let service = try? current else { return .notConfigured }
        return await service.receiveGraphNotification(delivery)
    }
}

/// Issue 16, Outlook → CRM: Graph change notifications from the simulator, over loopback HTTP, to
/// the API's notification route, and EWS streaming notifications over connections the service
/// opens; either way a notification only starts the mailbox's cycle. The tests both APIs share
/// run once per API.
@Suite("Change notifications")
struct ChangeNotificationTests {
    static let alice = SimulatorFixture.alice

    final class World: Sendable {
        let simulator: SimulatorFixture
        let api: APIHarness
        let service: SyncService
        let environment: SyncEnvironment
        let logs: LogLines
        let running = Mutex<Task<Void, any Error>?>(nil)

        init(simulator: SimulatorFixture, api: APIHarness, service: SyncService, environment: SyncEnvironment, logs: LogLines) {
            self.simulator = simulator
            self.api = api
            self.service = service
            self.environment = environment
            self.logs = logs
        }

        /// Runs the service (its schedule, Graph subscriptions, EWS streaming) until `stop`.
        func run() {
            let service = self.service
            running.withLock { $0 = Task { try await service.run() } }
        }

        func stop() async {
            if let task = running.withLock({ $0 }) {
                task.cancel()
                _ = try? await task.value
            }
            await api.stop()
            api.remove()
            await simulator.stop()
        }

        /// The CRM's task T-1, owned by alice, in her Outlook after a first cycle.
        func seedCRMTask() async throws {
            let put = try await api.request(
                .PUT, "/v1/environments/contoso/tasks/T-1",
                body: #"{"fields":{"subject":"From the CRM"},"owners":["alice@contoso.example"]}"#)
            #expect(put.status == 201)
            _ = try await service.syncNow(environment: "contoso", mailbox: alice)
        }

        /// Task T-1 as Outlook shows it.
        func aliceTask() throws -> SimulatedExchange.ItemSummary {
            let tasks = try simulator.exchange.items(in: alice.rawValue, folder: "tasks")
            return try #require(tasks.first { $0.subject == "From the CRM" })
        }

        /// Task T-1's subject in the CRM.
        func crmTaskSubject() async throws -> String? {
            let record = try await api.store.record(environment: "contoso", key: RecordKey(.task, RecordID(rawValue: "T-1")))
            if case .text(let subject) = record?.fields[FieldName.subject] { return subject }
            return nil
        }

        func runCount() async throws -> Int { try await api.store.runs(environment: "contoso", mailbox: alice, limit: 1000).count }

        func control(_ method: HTTPMethod, _ path: String, body: String? = nil) async throws -> (Int, String) {
            var request = HTTPClientRequest(url: simulator.baseURL.absoluteString + "/control/" + path)
            request.method = method
            if let body {
                request.headers.add(name: "Content-Type", value: "application/json")
                request.body = .bytes(ByteBuffer(string: body))
            }
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            return (Int(response.status.code), String(buffer: try await response.body.collect(upTo: 1 << 20)))
        }
    }

    /// The simulator, the API on loopback, and a service for the Contoso environment through
    /// `api`: on Graph, it has the API's notification route as its `Notifications:Url` (`url`
    /// overrides that address); on EWS it needs nothing.
    static func start(
        _ api: ConnectorAPI = .graph, settings: SyncService.Settings = SyncService.Settings(interval: .seconds(3600)), url: URL? = nil
    ) async throws -> World {
        let simulator = try await SimulatorFixture.start(seed: SimulatorFixture.graphSeed)
        let operations = LateServiceOperations()
        let harness = try await APIHarness.start(environments: ["contoso"], operations: operations)
        var environment = SyncEnvironment(configuration: simulator.environment, connector: try simulator.connector(api))
        if api == .graph {
            environment.notifications = NotificationSettings(url: url ?? harness.baseURL.appendingPathComponent("v1/notifications/graph"))
        }
        let api = harness
        let logs = LogLines()
        let service = SyncService(
            store: api.store, environments: [environment], settings: settings,
            logger: Logger(label: "test") { _ in LogLineHandler(lines: logs) })
        operations.service.withLock { $0 = service }
        await service.prepare()
        return World(simulator: simulator, api: api, service: service, environment: environment, logs: logs)
    }

    static func eventually(_ what: String, seconds: Int = 20, _ condition: () async throws -> Bool) async throws {
        for _ in 0..<(seconds * 10) {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("timed out waiting for \(what)")
        throw CancellationError()
    }

    @Test(
        "an Outlook edit made 5 s after the service started reaches the CRM through a notification, with no poll and no sync request",
        arguments: ConnectorAPI.allCases)
    func editArrivesThroughNotification(api: ConnectorAPI) async throws {
        let world = try await Self.start(api)
        try await world.seedCRMTask()
        world.run()
        // Ready within 5 s: an edit the notifications missed would wait for the hourly poll.
        try await Task.sleep(for: .seconds(5))
        #expect(world.service.notificationHealth.isHealthy(environment: "contoso", mailbox: Self.alice))
        let task = try world.aliceTask()
        try world.simulator.exchange.updateItem(in: Self.alice.rawValue, id: task.id, set: ["Subject": "Edited in Outlook"])
        try await Self.eventually("the edit in the CRM") { try await world.crmTaskSubject() == "Edited in Outlook" }
        await world.stop()
    }

    @Test("Graph: one subscription per synchronized folder, validated through the API, kept without churn, removed with its mailbox")
    func graphSubscriptionsPerFolder() async throws {
        let world = try await Self.start(.graph)
        await world.service.maintainSubscriptions(of: world.environment)
        let subscriptions = try await world.api.store.changeSubscriptions(environment: "contoso")
        #expect(Set(subscriptions.filter { $0.mailbox == Self.alice.rawValue }.map { $0.resource.components(separatedBy: "/").last! })
            == ["events", "contacts", "tasks"])
        #expect(subscriptions.count == 6)
        let (_, listed) = try await world.control(.GET, "graph/subscriptions")
        #expect(listed.components(separatedBy: "\"id\"").count - 1 == 6)
        // Kept again later: nothing to create, nothing to renew.
        await world.service.maintainSubscriptions(of: world.environment)
        #expect(try await world.api.store.changeSubscriptions(environment: "contoso").map(\.id).sorted() == subscriptions.map(\.id).sorted())

        // A mailbox removed: its subscriptions go, on Graph's side too.
        try await world.api.store.removeMailbox(environment: "contoso", address: SimulatorFixture.bob)
        await world.service.maintainSubscriptions(of: world.environment)
        #expect(try await world.api.store.changeSubscriptions(environment: "contoso").allSatisfy { $0.mailbox == Self.alice.rawValue })
        #expect(world.simulator.exchange.graph.subscriptionCount == 3)
        #expect(!world.service.notificationHealth.isHealthy(environment: "contoso", mailbox: SimulatorFixture.bob))
        await world.stop()
    }

    @Test("the validation handshake echoes the decoded token; a forged notification is refused and starts nothing")
    func forgedNotificationIsRefused() async throws {
        let world = try await Self.start()
        try await world.seedCRMTask()
        await world.service.maintainSubscriptions(of: world.environment)
        let subscription = try #require(try await world.api.store.changeSubscriptions(environment: "contoso").first { $0.mailbox == Self.alice.rawValue })

        let validation = try await world.api.request(.POST, "/v1/notifications/graph?validationToken=Validation%3A%20a%20b%2Bc", key: nil)
        #expect(validation.status == 200)
        #expect(validation.text == "Validation: a b+c")
        #expect(validation.contentType?.hasPrefix("text/plain") == true)

        let runsBefore = try await world.runCount()
        let forged = """
            {"value":[{"subscriptionId":"\(subscription.id)","clientState":"guessed","changeType":"updated","resource":"Users/x/Events/y","tenantId":"\(SimulatorFixture.contosoTenant)"}]}
            """
        let answer = try await world.api.request(.POST, "/v1/notifications/graph", key: nil, body: forged)
        #expect(answer.status == 403)
        let unknown = try await world.api.request(
            .POST, "/v1/notifications/graph", key: nil, body: #"{"value":[{"subscriptionId":"nope","clientState":"x","changeType":"updated"}]}"#)
        #expect(unknown.status == 403)
        #expect(try await world.api.request(.POST, "/v1/notifications/graph", key: nil, body: "not json").status == 400)
        try await Task.sleep(for: .seconds(2))
        #expect(try await world.runCount() == runsBefore, "a refused notification starts no cycle")
        #expect(world.logs.all.contains { $0.contains("refused") && $0.contains(subscription.id) })
        #expect(!world.logs.all.contains { $0.contains("guessed") }, "the clientState sent is never logged")
        await world.stop()
    }

    @Test("a flood of notifications for one mailbox makes a bounded number of cycles, and every edit arrives", arguments: ConnectorAPI.allCases)
    func floodMakesFewCycles(api: ConnectorAPI) async throws {
        let world = try await Self.start(api)
        try await world.seedCRMTask()
        world.run()
        try await Self.eventually("alice's notifications healthy") {
            world.service.notificationHealth.isHealthy(environment: "contoso", mailbox: Self.alice)
        }
        // The service's first round is over.
        try await Task.sleep(for: .seconds(2))
        let runsBefore = try await world.runCount()
        let task = try world.aliceTask()
        for index in 0..<30 {
            try world.simulator.exchange.updateItem(in: Self.alice.rawValue, id: task.id, set: ["Subject": "Flood \(index)"])
            try await Task.sleep(for: .milliseconds(20))
        }
        try await Self.eventually("the last edit in the CRM") { try await world.crmTaskSubject() == "Flood 29" }
        try await Task.sleep(for: .seconds(2))
        let cycles = try await world.runCount() - runsBefore
        #expect((1...4).contains(cycles), "30 notifications made \(cycles) cycles")
        await world.stop()
    }

    @Test("a lost notification is caught by polling, which runs less often while notifications are healthy", arguments: ConnectorAPI.allCases)
    func lostNotificationCaughtByPolling(api: ConnectorAPI) async throws {
        var settings = SyncService.Settings(interval: .milliseconds(500))
        settings.intervalWithNotifications = .seconds(4)
        let world = try await Self.start(api, settings: settings)
        try await world.seedCRMTask()
        world.run()
        try await Self.eventually("alice's notifications healthy") {
            world.service.notificationHealth.isHealthy(environment: "contoso", mailbox: Self.alice)
        }
        // Polling slows down: a 500 ms interval would make about 16 cycles in 8 s.
        try await Task.sleep(for: .seconds(1))
        let before = try await world.runCount()
        try await Task.sleep(for: .seconds(8))
        let polled = try await world.runCount() - before
        #expect(polled <= 4, "\(polled) cycles in 8 s while notifications are healthy")

        _ = try await world.control(.PUT, "notifications", body: #"{"drop":true,"delayMilliseconds":0}"#)
        let task = try world.aliceTask()
        try world.simulator.exchange.updateItem(in: Self.alice.rawValue, id: task.id, set: ["Subject": "Lost notification"])
        try await Self.eventually("the edit caught by polling") { try await world.crmTaskSubject() == "Lost notification" }
        await world.stop()
    }

    @Test("EWS: subscriptions the server forgot (a restart) are made again, and the mailboxes catch up")
    func ewsSubscriptionsMadeAgain() async throws {
        let world = try await Self.start(.ews)
        try await world.seedCRMTask()
        world.run()
        try await Self.eventually("alice's notifications healthy") {
            world.service.notificationHealth.isHealthy(environment: "contoso", mailbox: Self.alice)
        }
        #expect(world.simulator.exchange.streaming.count == 2)
        let task = try world.aliceTask()
        #expect(try await world.control(.DELETE, "streaming/subscriptions").0 == 200)
        // Made while the service has no subscription: only the catch-up cycle can read it.
        try world.simulator.exchange.updateItem(in: Self.alice.rawValue, id: task.id, set: ["Subject": "While resubscribing"])
        try await Self.eventually("the edit read by the catch-up cycle") { try await world.crmTaskSubject() == "While resubscribing" }
        try await Self.eventually("subscribed again") { world.simulator.exchange.streaming.count == 2 }
        try await Task.sleep(for: .milliseconds(500))
        try world.simulator.exchange.updateItem(in: Self.alice.rawValue, id: task.id, set: ["Subject": "Notified again"])
        try await Self.eventually("the next edit notified") { try await world.crmTaskSubject() == "Notified again" }
        await world.stop()
    }

    @Test("lifecycle events: a removed subscription is created again, a reauthorization is answered, a missed one runs a cycle")
    func lifecycleEvents() async throws {
        let world = try await Self.start()
        try await world.seedCRMTask()
        await world.service.maintainSubscriptions(of: world.environment)
        let events = try #require(
            try await world.api.store.changeSubscriptions(environment: "contoso").first {
                $0.mailbox == Self.alice.rawValue && $0.resource.hasSuffix("/events")
            })

        var runsBefore = try await world.runCount()
        #expect(try await world.control(.POST, "graph/subscriptions/\(events.id)/lifecycle", body: #"{"event":"missed"}"#).0 == 200)
        try await Self.eventually("a cycle after missed") { try await world.runCount() > runsBefore }

        #expect(try await world.control(.POST, "graph/subscriptions/\(events.id)/lifecycle", body: #"{"event":"reauthorizationRequired"}"#).0 == 200)
        try await Self.eventually("the subscription reauthorized") {
            try await world.control(.GET, "graph/subscriptions").1.contains("\"needsReauthorization\" : true") == false
        }

        runsBefore = try await world.runCount()
        #expect(try await world.control(.POST, "graph/subscriptions/\(events.id)/lifecycle", body: #"{"event":"subscriptionRemoved"}"#).0 == 200)
        try await Self.eventually("the events subscription created again") {
            let current = try await world.api.store.changeSubscriptions(environment: "contoso")
            return current.contains { $0.mailbox == Self.alice.rawValue && $0.resource == events.resource && $0.id != events.id }
        }
        try await Self.eventually("a cycle after the removal") { try await world.runCount() > runsBefore }
        await world.stop()
    }

    @Test("a notification URL Graph cannot validate is reported with its fix; the environment goes on by polling")
    func unreachableURLFallsBackToPolling() async throws {
        // Something answers there, but not the notification route (a reverse proxy's 404).
        let simulator = try await SimulatorFixture.start()
        let world = try await Self.start(url: simulator.baseURL.appendingPathComponent("no-such-receiver"))
        await world.service.maintainSubscriptions(of: world.environment)
        #expect(try await world.api.store.changeSubscriptions(environment: "contoso").isEmpty)
        #expect(!world.service.notificationHealth.isHealthy(environment: "contoso", mailbox: Self.alice))
        let report = try #require(world.logs.all.first { $0.contains("refused change notifications") })
        #expect(report.contains("Subscription validation request failed"))
        #expect(report.contains("Notifications:Url"))

        try await world.seedCRMTask()
        let task = try world.aliceTask()
        try world.simulator.exchange.updateItem(in: Self.alice.rawValue, id: task.id, set: ["Subject": "Polled"])
        _ = try await world.service.syncNow(environment: "contoso", mailbox: Self.alice)
        #expect(try await world.crmTaskSubject() == "Polled")
        await world.stop()
        await simulator.stop()
    }
}
