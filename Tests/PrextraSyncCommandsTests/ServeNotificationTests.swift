import ExchangeSimulator
import Foundation
import SimulatorTestSupport
import Testing

/// Issue 16 through the real `serve` process: Microsoft Graph (the simulator) validates the
/// notification URL against serve's own route and notifies it of an Outlook edit, which reaches
/// the ERP's feed with the hourly poll far away; a notification URL that cannot work is named at
/// start, and the environment still synchronizes.
@Suite(
    "serve and Graph change notifications",
    .enabled(if: ExecutableTests.executable != nil, "build the prextra-sync product first (swift build)"))
struct ServeNotificationTests {
    static let apiKey = "notification-test-api-key-0123456789ab"

    static func configuration(_ simulator: SimulatorFixture, port: Int, notificationURL: String, in directory: URL) throws -> String {
        let base = simulator.baseURL.absoluteString.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        let json = """
            {
              "Exchange": [ {
                "Environment": "contoso",
                "ApplicationId": "\(SimulatorFixture.contosoApp)",
                "ClientSecret": "\(SimulatorFixture.contosoSecret)",
                "TenantId": "\(SimulatorFixture.contosoTenant)",
                "Api": "Graph",
                "GraphUrl": "\(base)",
                "EwsUrl": "\(base)/EWS/Exchange.asmx",
                "Authority": "\(base)",
                "Mailboxes": [ "\(SimulatorFixture.alice.rawValue)" ],
                "Notifications": { "Url": "\(notificationURL)" }
              } ],
              "PrextraSync": {
                "Store": { "Kind": "Sqlite", "Path": "state.sqlite" },
                "Listen": "127.0.0.1:\(port)",
                "SyncInterval": "1h",
                "ApiKeys": [ { "Name": "erp", "Key": "\(apiKey)" } ]
              }
            }
            """
        let file = directory.appendingPathComponent("appsettings.json")
        try json.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    static func eventually(_ what: String, _ condition: () async throws -> Bool) async throws {
        for _ in 0..<300 {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("timed out waiting for \(what)")
        throw CancellationError()
    }

    /// A `serve` process on the simulator's Graph with `notificationURL` (`{port}` stands for
    /// serve's own port), and its log once it has stopped.
    static func withServe(
        notificationURL: String, _ body: (SimulatorFixture, ServeProcess) async throws -> Void
    ) async throws -> String {
        let executable = try #require(ExecutableTests.executable)
        return try await SimulatorFixture.with(seed: SimulatorFixture.graphSeed) { simulator in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prextra-notify-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let port = try ServeProcess.freePort()
            let url = notificationURL.replacingOccurrences(of: "{port}", with: String(port))
            let config = try Self.configuration(simulator, port: port, notificationURL: url, in: directory)
            let log = directory.appendingPathComponent("serve.log")
            let serve = try await ServeProcess.start(executable: executable, config: config, port: port, log: log)
            do {
                try await body(simulator, serve)
            } catch {
                await serve.stop()
                throw error
            }
            await serve.stop()
            return try String(contentsOf: log, encoding: .utf8)
        }
    }

    /// Puts task T-1 for alice and waits for it in her Outlook (a cycle the ERP write started).
    static func putTask(_ subject: String, through serve: ServeProcess) async throws {
        let put = try await serve.request(
            "PUT", "/v1/environments/contoso/tasks/T-1", key: apiKey,
            body: #"{"fields":{"subject":"\#(subject)"},"owners":["alice@contoso.example"]}"#)
        #expect(put.status == 201)
    }

    @Test("an Outlook edit reaches the ERP's feed through serve's notification route, with the poll an hour away")
    func editReachesTheFeed() async throws {
        _ = try await Self.withServe(notificationURL: "http://127.0.0.1:{port}/v1/notifications/graph") { simulator, serve in
            try await Self.putTask("From the ERP", through: serve)
            // The ERP write starts alice's cycle; serve keeps her subscriptions meanwhile.
            try await Self.eventually("the task in Outlook and alice's subscriptions") {
                let inOutlook = try simulator.exchange.items(in: SimulatorFixture.alice.rawValue, folder: "tasks").contains { $0.subject == "From the ERP" }
                return inOutlook && simulator.exchange.graph.subscriptionCount == 3
            }
            let item = try #require(try simulator.exchange.items(in: SimulatorFixture.alice.rawValue, folder: "tasks").first { $0.subject == "From the ERP" })
            try simulator.exchange.updateItem(in: SimulatorFixture.alice.rawValue, id: item.id, set: ["Subject": "Edited in Outlook"])
            try await Self.eventually("the edit in the ERP's feed") {
                let feed = try await serve.request("GET", "/v1/environments/contoso/changes?after=0", key: Self.apiKey)
                return String(decoding: feed.body, as: UTF8.self).contains("Edited in Outlook")
            }
        }
    }

    @Test("a notification URL that is not https is named at start; the environment synchronizes by polling")
    func insecureURLNamedAtStart() async throws {
        var subscriptions = -1
        let output = try await Self.withServe(notificationURL: "http://sync.example.com/v1/notifications/graph") { simulator, serve in
            try await Self.putTask("Still synchronized", through: serve)
            try await Self.eventually("the task in Outlook") {
                try simulator.exchange.items(in: SimulatorFixture.alice.rawValue, folder: "tasks").contains { $0.subject == "Still synchronized" }
            }
            subscriptions = simulator.exchange.graph.subscriptionCount
        }
        #expect(output.contains("Notifications:Url"))
        #expect(output.contains("plain http"))
        #expect(output.contains("synchronizes by polling"))
        #expect(subscriptions == 0)
    }
}
