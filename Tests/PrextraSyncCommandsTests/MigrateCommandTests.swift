import ExchangeSimulator
import Foundation
import MicrosoftIdentity
@testable import PrextraSyncCommands
import SyncEngine
import SyncStore
import Testing

/// `prextra-sync migrate --environment contoso --to graph` end to end: an environment synchronized
/// by `sync --once` through EWS, moved by the command (dry run first), then synchronized through
/// Graph with nothing written.
@Suite struct MigrateCommandTests {
    static let tenant = "11111111-1111-4111-8111-111111111111"
    static let app = "22222222-2222-4222-8222-222222222222"
    static let secret = "demo-secret-value~contoso"
    static let signingKey: TokenSigningKey = try! TokenSigningKey.generate()

    func writeConfig(base: URL, directory: URL, api: String) throws -> String {
        let json = """
            { "Exchange": [
              { "Environment": "contoso", "ApplicationId": "\(Self.app)", "ClientSecret": "\(Self.secret)",
                "TenantId": "\(Self.tenant)", "Authority": "\(base.absoluteString)", "Api": "\(api)",
                "EwsUrl": "\(base.appendingPathComponent("EWS/Exchange.asmx").absoluteString)", "GraphUrl": "\(base.absoluteString)",
                "Mailboxes": ["bob@contoso.example"],
                "Sync": { "Appointments": { "Direction": "Off" } } }
            ],
              "PrextraSync": { "Store": { "Path": "\(directory.appendingPathComponent("state.sqlite").path)" } } }
            """
        let path = directory.appendingPathComponent("appsettings.json").path
        try json.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func movesAnEnvironmentFromEWSToGraphWritingNothing() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("migrate-command-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var seed = SimulatorSeed.demo
        seed.tenants[0].apps[0].roles["graph"] = ["Calendars.ReadWrite", "Contacts.ReadWrite", "Tasks.ReadWrite.All", "User.Read.All"]
        let identity = try EntraIDSimulator(seed: seed, signingKey: Self.signingKey)
        let server = try SimulatorServer(configuration: SimulatorConfiguration(seed: seed), entraID: identity)
        let base = try await server.start()
        let ews = try writeConfig(base: base, directory: directory, api: "Ews")

        let store = try SQLiteSyncStore(path: directory.appendingPathComponent("state.sqlite").path)
        try await store.registerEnvironment("contoso", configFingerprint: nil)
        try await store.upsertRecord(
            environment: "contoso", record: RecordKey(.contact, "c1"), fields: ContactFields(givenName: "Jean", surname: "Dupont").fields,
            owners: ["bob@contoso.example"], ifMatch: nil)
        try await store.upsertRecord(
            environment: "contoso", record: RecordKey(.task, "t1"), fields: TaskFields(subject: "Relancer").fields,
            owners: ["bob@contoso.example"], ifMatch: nil)
        for _ in 0..<2 {
            let pass = await SyncCommand.execute(configPath: ews, environment: nil, mailbox: nil, json: true)
            #expect(pass.exitCode == 0, "\(pass.output)")
        }
        let before = try await store.links(environment: "contoso", mailbox: "bob@contoso.example", entity: nil)
        #expect(before.count == 2)

        let captured = CapturedCommandOutput()
        let context = CommandContext(output: captured.output, environmentVariables: [:])
        let dryRun = await MigrateCommand.execute(configPath: ews, environment: "contoso", dryRun: true, json: false, context: context)
        #expect(dryRun.exitCode == 0, "\(dryRun.output)")
        #expect(dryRun.reports.map(\.translated) == [2])
        #expect(dryRun.output.contains("Dry run: nothing was stored."))
        #expect(try await store.links(environment: "contoso", mailbox: "bob@contoso.example", entity: nil) == before)

        let moved = await MigrateCommand.execute(configPath: ews, environment: "contoso", dryRun: false, json: true, context: context)
        #expect(moved.exitCode == 0, "\(moved.output)")
        #expect(moved.reports.map(\.translated) == [2])
        #expect(!moved.output.contains(Self.secret))
        let after = try await store.links(environment: "contoso", mailbox: "bob@contoso.example", entity: nil)
        #expect(Set(after.map(\.itemID)).isDisjoint(with: before.map(\.itemID)))

        let graph = try writeConfig(base: base, directory: directory, api: "Graph")
        let first = await SyncCommand.execute(configPath: graph, environment: nil, mailbox: nil, json: true)
        #expect(first.exitCode == 0, "\(first.output)")
        #expect(first.runs.map(\.outlookWrites) == [0])
        #expect(first.runs.map(\.crmWrites) == [0])

        let unknown = await MigrateCommand.execute(configPath: ews, environment: "nowhere", dryRun: false, json: false, context: context)
        #expect(unknown.exitCode == 2)
        #expect(unknown.output.contains("no usable environment named nowhere"))
        await server.stop()
    }
}
