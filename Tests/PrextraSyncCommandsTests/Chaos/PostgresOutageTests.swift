import ExchangeSimulator
import Foundation
import PostgresTestSupport
import SimulatorTestSupport
import SyncEngine
import Testing

/// Issue 15: PostgreSQL stops under a running `serve` (an operator restarts it, a failover of the
/// database). Cycles fail and are retried, the ERP is told to retry, nothing is lost once the
/// database is back, and no error shows the password.
@Suite(
    "PostgreSQL stopped under a running serve",
    .enabled(if: PostgresAvailability.shouldRun, "PostgreSQL is not installed (see README: the SQLite suites alone)"),
    .enabled(if: ExecutableTests.executable != nil, "build the prextra-sync product first (swift build)"))
struct PostgresOutageTests {
    static let apiKey = ChaosTests.apiKey

    @Test("Cycles fail and retry while the database is down; the changes of both sides arrive once it is back", .timeLimit(.minutes(3)))
    func databaseStopsAndComesBack() async throws {
        let executable = try #require(ExecutableTests.executable)
        try await PasswordPostgresServer.with { database in
            try await SimulatorFixture.with { simulator in
                let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prextra-outage-\(UUID().uuidString)")
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(at: directory) }
                let port = try ServeProcess.freePort()
                let config = try PostgresFailoverTests.writeConfiguration(
                    simulator, mailboxes: [SimulatorFixture.alice], storeURL: database.url, hooks: nil, port: port,
                    file: directory.appendingPathComponent("appsettings.json"))
                let log = directory.appendingPathComponent("serve.log")
                let serve = try await ServeProcess.start(executable: executable, config: config, port: port, log: log)
                defer { serve.kill() }
                let alice = SimulatorFixture.alice.rawValue
                let contacts = { try simulator.exchange.items(in: alice, folder: "contacts").filter { $0.xml.contains("PrextraRecordId") } }

                #expect(try await Self.put(serve, "C-1", jobTitle: "Gérant").status == 201)
                try await PostgresFailoverTests.waitUntil("C-1 in alice's contacts", seconds: 30) { try contacts().count == 1 }

                // The database stops. The ERP is refused with a retryable answer; the user edits in Outlook.
                try await database.stop()
                let refused = try await Self.put(serve, "C-2", jobTitle: "Acheteuse")
                #expect(refused.status == 503, "the ERP is told to retry: \(refused.status) \(String(decoding: refused.body, as: UTF8.self))")
                let item = try #require(try contacts().first)
                _ = try simulator.exchange.updateItem(in: alice, id: item.id, set: ["JobTitle": "Directeur"])
                try await Task.sleep(for: .seconds(3))
                #expect(serve.process.isRunning, "serve keeps running while its store is down")

                // The database is back: the refused write is sent again, and both changes flow.
                try await database.start()
                try await PostgresFailoverTests.waitUntil("the ERP write accepted again", seconds: 30) {
                    (try? await Self.put(serve, "C-2", jobTitle: "Acheteuse").status) == 201
                }
                try await PostgresFailoverTests.waitUntil("C-2 in Outlook and the Outlook edit in the CRM", seconds: 60) {
                    let answer = try await serve.request("GET", "/v1/environments/contoso/contacts/C-1", key: Self.apiKey)
                    let fields = answer.json["fields"] as? [String: Any]
                    return try contacts().count == 2 && fields?["jobTitle"] as? String == "Directeur"
                }
                await serve.stop()
                #expect(try contacts().count == 2, "no duplicate after the outage")
                let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
                #expect(output.contains("Store.Url"), "the outage is logged naming Store.Url")
                #expect(!output.contains(PasswordPostgresServer.password) && !refused.body.contains(Data(PasswordPostgresServer.password.utf8)))
            }
        }
    }

    static func put(_ serve: ServeProcess, _ id: String, jobTitle: String) async throws -> ServeProcess.Answer {
        try await serve.request(
            "PUT", "/v1/environments/contoso/contacts/\(id)", key: apiKey,
            body: #"{"fields":{"givenName":"Client","surname":"\#(id)","jobTitle":"\#(jobTitle)"},"owners":["\#(SimulatorFixture.alice.rawValue)"]}"#)
    }
}
