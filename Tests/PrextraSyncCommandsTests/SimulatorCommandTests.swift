import ChildProcessSupport
import ExchangeSimulator
import ExchangeWebServices
import Foundation
import MicrosoftIdentity
@testable import PrextraSyncCommands
import ServiceConfiguration
import Testing

/// `prextra-sync simulator`: started in-process on a free port, its written configuration is
/// used as is by `verify`, `config check` and a real EWS client; bad seeds are named precisely.
@Suite struct SimulatorCommandTests {
    static let demoSecret = "demo-secret-value~contoso"

    static func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("simulator-\(UUID().uuidString)").appendingPathComponent(name).path
    }

    /// Starts the command in-process with `arguments`, runs `body`, stops it.
    static func withSimulator<T>(
        _ arguments: [String], _ body: (SimulatorSession, CapturedCommandOutput) async throws -> T
    ) async throws -> T {
        let command = try SimulatorCommand.parse(arguments)
        let captured = CapturedCommandOutput()
        let context = CommandContext(output: captured.output, environmentVariables: [:])
        let session = try await command.start(context: context)
        do {
            let result = try await body(session, captured)
            await session.stop()
            return result
        } catch {
            await session.stop()
            throw error
        }
    }

    @Test("The written configuration is Graph by default: its environments verify, open a mailbox through Graph, and synchronize")
    func writtenConfigurationIsGraphByDefault() async throws {
        let config = Self.temporaryPath("appsettings.json")
        try await Self.withSimulator(["--port", "0", "--write-config", config]) { session, output in
            let banner = output.standardOutput
            #expect(banner.contains("Graph:        \(session.endpoints.baseURL.appendingPathComponent("v1.0").absoluteString)"))
            #expect(banner.contains("Graph roles: Calendars.ReadWrite, Contacts.ReadWrite, Tasks.ReadWrite.All, Mail.Read, User.Read.All"))
            let loaded = try ConfigurationLoader(environmentVariables: [:]).load(contentsOf: URL(fileURLWithPath: config))
            #expect(!loaded.hasErrors)
            let contoso = try #require(loaded.environment(named: "contoso"))
            #expect(contoso.api == .graph)
            #expect(contoso.graphURL.absoluteString.hasPrefix(session.endpoints.baseURL.absoluteString))
            let verify = await CommandLineRun.run(["verify", "--config", config, "--environment", "contoso"])
            #expect(verify.exitCode == 0, "\(verify.allOutput)")
            #expect(verify.standardOutput.contains("To Do list(s) of alice@contoso.example open"), "\(verify.standardOutput)")
            #expect(!verify.allOutput.contains(Self.demoSecret))
        }
    }

    @Test func writtenConfigurationWorksForVerifyConfigCheckAndEWS() async throws {
        let config = Self.temporaryPath("appsettings.json")
        let record = Self.temporaryPath("recording")
        try await Self.withSimulator(["--port", "0", "--write-config", config, "--ews-config", "--latency-ms", "7", "--record", record]) { session, output in
            let banner = output.standardOutput
            #expect(banner.contains(session.endpoints.ews.absoluteString))
            #expect(banner.contains("Authority:    \(session.endpoints.baseURL.absoluteString)"))
            for expected in ["Tenant 11111111-1111-4111-8111-111111111111", "alice@contoso.example", "carol@fabrikam.example",
                             "client id 22222222-2222-4222-8222-222222222222", "environment(s) contoso, fabrikam", SimulatorBanner.readyLine] {
                #expect(banner.contains(expected), "\(expected)")
            }
            #expect(!banner.contains(Self.demoSecret), "secret values only with --show-secrets")
            #expect(session.simulator.exchange.faults.settings(tenantId: "11111111-1111-4111-8111-111111111111").addedLatencyMilliseconds == 7)

            // The file is private and complete.
            let attributes = try FileManager.default.attributesOfItem(atPath: config)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
            let loaded = try ConfigurationLoader(environmentVariables: [:]).load(contentsOf: URL(fileURLWithPath: config))
            #expect(!loaded.hasErrors)
            let contoso = try #require(loaded.environment(named: "contoso"))
            #expect(contoso.ewsURL == session.endpoints.ews)
            #expect(contoso.mailboxes == ["alice@contoso.example", "bob@contoso.example"])
            #expect(loaded.service.apiKeys.count == 1)
            #expect(loaded.service.listen.port != session.endpoints.baseURL.port)

            let check = await CommandLineRun.run(["config", "check", config])
            #expect(check.exitCode == 0, "\(check.allOutput)")
            for environment in ["contoso", "fabrikam"] {
                let verify = await CommandLineRun.run(["verify", "--config", config, "--environment", environment])
                #expect(verify.exitCode == 0, "\(verify.allOutput)")
                #expect(verify.standardOutput.contains("is ready"))
                #expect(!verify.allOutput.contains(Self.demoSecret))
            }
            // verify opens a mailbox through EWS impersonation at the written EwsUrl.
            let mailbox = await CommandLineRun.run(["verify", "--config", config, "--environment", "contoso", "--mailbox", "bob@contoso.example"])
            #expect(mailbox.exitCode == 0, "\(mailbox.allOutput)")

            // A real EWS client with the written credentials: token from the token endpoint, accepted by EWS.
            let registration = try contoso.appRegistration()
            let provider = ClientCredentialsTokenProvider(registration: registration, resource: contoso.tokenResource)
            let client = ExchangeWebServicesClient(configuration: EWSClientConfiguration(endpoint: contoso.ewsURL), tokenProvider: provider)
            let page = try await client.syncFolderItems(in: .distinguished(.calendar), syncState: nil, mailbox: "alice@contoso.example")
            #expect(page.changes.count == 1)
            let recorded = try FileManager.default.contentsOfDirectory(atPath: record)
            #expect(recorded.contains { $0.hasSuffix("-SyncFolderItems-request.xml") }, "\(recorded)")
            #expect(recorded.contains { $0.hasSuffix("-SyncFolderItems-response.xml") }, "\(recorded)")
        }
    }

    @Test func syncOnceRunsAgainstTheWrittenConfiguration() async throws {
        let config = Self.temporaryPath("appsettings.json")
        try await Self.withSimulator(["--port", "0", "--write-config", config]) { _, _ in
            let sync = await CommandLineRun.run(["sync", "--once", "--config", config, "--json"])
            #expect(sync.exitCode == 0, "\(sync.allOutput)")
            let runs = try #require(try sync.json()["runs"] as? [[String: Any]], "\(sync.standardOutput)")
            #expect(Set(runs.compactMap { $0["mailbox"] as? String }) == ["alice@contoso.example", "bob@contoso.example", "carol@fabrikam.example"])
            #expect(runs.allSatisfy { $0["outcome"] as? String == "succeeded" }, "\(runs)")
            #expect(!sync.allOutput.contains(Self.demoSecret))
        }
    }

    @Test func showSecretsPrintsTheTestCredentials() async throws {
        try await Self.withSimulator(["--port", "0", "--show-secrets"]) { _, output in
            #expect(output.standardOutput.contains("value \(Self.demoSecret)"))
        }
    }

    @Test func seedFileIsUsedAndTenantsWithoutSecretsAreLeftOut() async throws {
        let seed = """
            { "tenants": [
              { "id": "aaaaaaaa-1111-4111-8111-111111111111", "domains": ["northwind.example"],
                "apps": [ { "clientId": "bbbbbbbb-2222-4222-8222-222222222222",
                            "secrets": [ { "id": "cccccccc-3333-4333-8333-333333333333", "value": "nw-secret", "expiresOn": "2099-01-01T00:00:00Z" } ],
                            "roles": { "ews": ["full_access_as_app"] } } ],
                "mailboxes": [ { "primarySmtpAddress": "Dana@Northwind.example",
                                 "items": [ { "folder": "tasks", "xml": "<t:Task xmlns:t=\\"http://schemas.microsoft.com/exchange/services/2006/types\\"><t:Subject>Call</t:Subject></t:Task>" } ] } ] },
              { "id": "dddddddd-4444-4444-8444-444444444444", "mailboxes": [ { "primarySmtpAddress": "eve@nosecret.example" } ] }
            ] }
            """
        let seedPath = Self.temporaryPath("seed.json")
        try FileManager.default.createDirectory(atPath: (seedPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try seed.write(toFile: seedPath, atomically: true, encoding: .utf8)
        let config = Self.temporaryPath("appsettings.json")
        try await Self.withSimulator(["--seed", seedPath, "--port", "0", "--write-config", config, "--ews-config"]) { _, output in
            #expect(output.standardOutput.contains("Mailbox Dana@Northwind.example (Dana@Northwind.example, UTC, 1 item)"))
            #expect(output.standardOutput.contains("tenant dddddddd-4444-4444-8444-444444444444 left out"))
            let verify = await CommandLineRun.run(["verify", "--config", config, "--environment", "northwind"])
            #expect(verify.exitCode == 0, "\(verify.allOutput)")
            let loaded = try ConfigurationLoader(environmentVariables: [:]).load(contentsOf: URL(fileURLWithPath: config))
            #expect(loaded.environment(named: "northwind")?.mailboxes == ["dana@northwind.example"])
        }
    }

    @Test(arguments: [
        (#"{ "tenants": [ { "id": "11111111-1111-4111-8111-111111111111", "mailboxes": [ { "displayName": "No address" } ] } ] }"#,
         "tenants[0].mailboxes[0].primarySmtpAddress is missing"),
        (#"{ "tenants": [ { "id": "contoso" } ] }"#, "tenants[0].id is \"contoso\", not a GUID"),
        (#"{ "tenants": [ { "id": "11111111-1111-4111-8111-111111111111", "apps": [ { "clientId": "22222222-2222-4222-8222-222222222222", "secrets": [ { "id": "s", "value": "v", "expiresOn": "next year" } ] } ] } ] }"#,
         "tenants[0].apps[0].secrets[0]"),
        (#"{ "tenants": [ { "id": "11111111-1111-4111-8111-111111111111", "mailboxes": [ { "primarySmtpAddress": "a@b.example", "items": [ { "folder": "calendar", "xml": "<t:Note/>" }, { "folder": "Projects", "xml": "<x/>" } ] } ] } ] }"#,
         "tenants[0].mailboxes[0].items"),
        (#"{ "tenants": [ { "id": "11111111-1111-4111-8111-111111111111", "mailboxes": [ { "primarySmtpAddress": "a@b.example", "items": [ { "folder": "Projects", "xml": "<t:Task xmlns:t=\"http://schemas.microsoft.com/exchange/services/2006/types\"/>" } ] } ] } ] }"#,
         "tenants[0].mailboxes[0].items[0].folder names the folder \"Projects\""),
        (#"{ "tenants": [ { "id": "11111111-1111-4111-8111-111111111111", "mailboxes": [ { "primarySmtpAddress": "a@b.example" }, { "primarySmtpAddress": "A@b.example" } ] } ] }"#,
         "tenants[0].mailboxes[1].primarySmtpAddress repeats a@b.example"),
        (#"{ "tenants": [ { "id": "11111111-1111-4111-8111-111111111111", "mailboxes": 3 } ] }"#,
         "tenants[0].mailboxes has the wrong type; expected a list"),
        (#"{ "tenants": [ "#, "is not valid JSON"),
        (#"{ "tenants": [] }"#, "tenants is empty"),
    ])
    func badSeedsAreNamedByFileAndField(seed: String, expected: String) async throws {
        let isDate = expected.hasSuffix("secrets[0]")
        let path = Self.temporaryPath("bad-seed.json")
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try seed.write(toFile: path, atomically: true, encoding: .utf8)
        let run = await CommandLineRun.run(["simulator", "--seed", path, "--port", "0"])
        #expect(run.exitCode == 2)
        #expect(run.standardError.contains("seed file \(path)"), "\(run.standardError)")
        #expect(run.standardError.contains(expected), "\(run.standardError)")
        #expect(run.standardOutput.isEmpty)
        if isDate { #expect(run.standardError.contains("ISO 8601"), "\(run.standardError)") }
    }

    @Test func missingSeedFileAndBadOptions() async {
        let missing = await CommandLineRun.run(["simulator", "--seed", "/nonexistent/seed.json"])
        #expect(missing.exitCode == 2)
        #expect(missing.standardError.contains("seed file /nonexistent/seed.json cannot be read"), "\(missing.standardError)")
        let port = await CommandLineRun.run(["simulator", "--port", "70000"])
        #expect(port.exitCode == 2 && port.standardError.contains("--port 70000 is out of range"))
        let latency = await CommandLineRun.run(["simulator", "--latency-ms=-1"])
        #expect(latency.exitCode == 2 && latency.standardError.contains("--latency-ms -1 is out of range"), "\(latency.standardError)")
    }

    @Test func portInUseIsReported() async throws {
        try await Self.withSimulator(["--port", "0"]) { session, _ in
            let taken = try #require(session.endpoints.baseURL.port)
            let run = await CommandLineRun.run(["simulator", "--port", String(taken)])
            #expect(run.exitCode == 1)
            #expect(run.standardError.contains("cannot listen on 127.0.0.1:\(taken)"), "\(run.standardError)")
        }
    }
}

/// The built executable: starts, writes its configuration, serves `verify`, and stops cleanly
/// on SIGTERM with exit status 0.
@Suite("prextra-sync simulator as a process")
struct SimulatorProcessTests {
    @Test(.enabled(if: ExecutableTests.executable != nil, "build the prextra-sync product first (swift build)"))
    func runsUntilSIGTERM() async throws {
        let executable = try #require(ExecutableTests.executable)
        let config = SimulatorCommandTests.temporaryPath("appsettings.json")
        let process = Process()
        process.executableURL = executable
        process.arguments = ["simulator", "--port", "0", "--write-config", config]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let collected = OutputCollector()
        output.fileHandleForReading.readabilityHandler = { handle in collected.append(handle.availableData) }
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        // Wait (bounded, not a timing assertion) for the ready line.
        for _ in 0..<600 where !collected.text.contains(SimulatorBanner.readyLine) && process.isRunning {
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(collected.text.contains(SimulatorBanner.readyLine), "\(collected.text)")
        let verify = await CommandLineRun.run(["verify", "--config", config, "--environment", "contoso"])
        #expect(verify.exitCode == 0, "\(verify.allOutput)")

        process.terminate()  // SIGTERM
        await ChildProcess.exit(of: process)
        output.fileHandleForReading.readabilityHandler = nil
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
        #expect(collected.text.contains("Stopping (SIGTERM)."), "\(collected.text)")
    }
}

import Synchronization

private final class OutputCollector: Sendable {
    private let data = Mutex(Data())
    func append(_ chunk: Data) { data.withLock { $0.append(chunk) } }
    var text: String { String(decoding: data.withLock { $0 }, as: UTF8.self) }
}
