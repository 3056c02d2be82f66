import Foundation
import PostgresTestSupport
import SimulatorTestSupport
import Testing

/// Issue 15: `"Store": { "Kind": "Postgres", "Url": … }` is the store every command opens; a
/// server that cannot be reached stops the command with an error naming `Store`, never the
/// password.
@Suite("The commands on a PostgreSQL store", .enabled(if: PostgresAvailability.shouldRun, "PostgreSQL is not installed (see README: the SQLite suites alone)"))
struct PostgresStoreCommandTests {
    static func configuration(_ simulator: SimulatorFixture, storeURL: String) throws -> String {
        let base = simulator.baseURL.absoluteString.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        return try ConfigurationFiles.write(
            """
            {
              "Exchange": [ {
                "Environment": "contoso",
                "ApplicationId": "\(SimulatorFixture.contosoApp)",
                "ClientSecret": "\(SimulatorFixture.contosoSecret)",
                "TenantId": "\(SimulatorFixture.contosoTenant)",
                "EwsUrl": "\(base)/EWS/Exchange.asmx",
                "Authority": "\(base)",
                "Mailboxes": [ "\(SimulatorFixture.alice.rawValue)" ]
              } ],
              "PrextraSync": { "Store": { "Kind": "Postgres", "Url": "\(storeURL)" } }
            }
            """)
    }

    @Test("sync --once, status and mailboxes work on PostgreSQL, and no SQLite file appears")
    func commandsOnPostgres() async throws {
        let url = try await PostgresTestServer.shared.newDatabaseURL()
        try await SimulatorFixture.with { simulator in
            let config = try Self.configuration(simulator, storeURL: url)
            let directory = URL(fileURLWithPath: config).deletingLastPathComponent()
            defer { try? FileManager.default.removeItem(at: directory) }
            let sync = await CommandLineRun.run(["sync", "--once", "--config", config])
            #expect(sync.exitCode == 0, "\(sync.allOutput)")
            let status = await CommandLineRun.run(["status", "--config", config, "--json"])
            #expect(status.exitCode == 0, "\(status.allOutput)")
            let environments = try #require(try status.json()["environments"] as? [[String: Any]])
            let mailboxes = try #require(environments.first?["mailboxes"] as? [[String: Any]])
            #expect(mailboxes.first?["address"] as? String == SimulatorFixture.alice.rawValue)
            #expect(mailboxes.first?["lastSuccessAt"] is String, "the cycle's success is in PostgreSQL")
            let listed = await CommandLineRun.run(["mailboxes", "list", "--environment", "contoso", "--config", config])
            #expect(listed.exitCode == 0 && listed.standardOutput.contains(SimulatorFixture.alice.rawValue))
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["appsettings.json"])
        }
    }

    @Test("a PostgreSQL server nobody answers at stops the command, naming Store and never the password")
    func unreachableServer() async throws {
        try await SimulatorFixture.with { simulator in
            let config = try Self.configuration(simulator, storeURL: "postgres://sync:Pg-Canary-42@127.0.0.1:9/prextra?sslmode=disable")
            defer { try? FileManager.default.removeItem(at: URL(fileURLWithPath: config).deletingLastPathComponent()) }
            for arguments in [["sync", "--once", "--config", config], ["status", "--config", config]] {
                let run = await CommandLineRun.run(arguments)
                #expect(run.exitCode != 0)
                #expect(run.standardError.contains("Store"), "\(run.standardError)")
                #expect(!run.allOutput.contains("Pg-Canary-42"))
            }
        }
    }
}
