import ExchangeSimulator
import Foundation
import Hummingbird
import MicrosoftIdentity
@testable import PrextraSyncCommands
import SyncEngine
import SyncStore
import Testing

/// `prextra-sync sync --once` end to end: a configuration file, the simulator (Entra ID + EWS)
/// over loopback, the SQLite store the configuration names, the summary and the exit status.
@Suite struct SyncCommandTests {
    static let tenant = "11111111-1111-4111-8111-111111111111"
    static let app = "22222222-2222-4222-8222-222222222222"
    static let secret = "demo-secret-value~contoso"
    static let signingKey: TokenSigningKey = try! TokenSigningKey.generate()

    /// The simulator's Entra ID as the EWS endpoint's token validator and as routes of the server.
    struct EntraEndpoints: AppTokenValidating, SimulatorRouteProvider {
        let identity: EntraIDSimulator

        func validate(bearerToken: String) throws(AppTokenRejection) -> AppTokenClaims {
            do {
                let token = try identity.validate(
                    bearer: bearerToken, expectedAudiences: SimulatedResource.exchangeOnline.acceptedAudiences)
                return AppTokenClaims(tenantId: token.tenantId, appId: token.appId, roles: token.roles)
            } catch {
                throw AppTokenRejection(reason: error.reason)
            }
        }

        func addRoutes(to router: Router<BasicRequestContext>) { identity.addRoutes(to: router) }
    }

    func writeConfig(base: URL, directory: URL) throws -> String {
        let json = """
            { "Exchange": [
              { "Environment": "contoso", "ApplicationId": "\(Self.app)", "ClientSecret": "\(Self.secret)",
                "TenantId": "\(Self.tenant)", "Authority": "\(base.absoluteString)",
                "EwsUrl": "\(base.appendingPathComponent("EWS/Exchange.asmx").absoluteString)",
                "Mailboxes": ["bob@contoso.example"] }
            ],
              "PrextraSync": { "Store": { "Path": "\(directory.appendingPathComponent("state.sqlite").path)" } } }
            """
        let path = directory.appendingPathComponent("appsettings.json").path
        try json.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func syncsOnceAndSummarizes() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sync-command-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let identity = try EntraIDSimulator(seed: .demo, signingKey: Self.signingKey)
        let entra = EntraEndpoints(identity: identity)
        let server = try SimulatorServer(
            configuration: SimulatorConfiguration(seed: .demo), tokenValidator: entra, routeProviders: [entra])
        let base = try await server.start()
        let config = try writeConfig(base: base, directory: directory)

        // First pass: bob (from the configuration) is enrolled and synchronized, nothing to write.
        let first = await SyncCommand.execute(configPath: config, environment: nil, mailbox: nil, json: true)
        #expect(first.exitCode == 0, "\(first.output)")
        #expect(first.runs.map(\.mailbox) == ["bob@contoso.example"])
        #expect(first.runs.first?.outcome == .succeeded)
        #expect(!first.output.contains(Self.secret))

        // The ERP pushes a task; the next pass creates it, and the table says so.
        let store = try SQLiteSyncStore(path: directory.appendingPathComponent("state.sqlite").path)
        try await store.upsertRecord(
            environment: "contoso", record: RecordKey(.task, "t1"), fields: TaskFields(subject: "Relancer").fields,
            owners: ["bob@contoso.example"], ifMatch: nil)
        let second = await SyncCommand.execute(
            configPath: config, environment: "contoso", mailbox: "bob@contoso.example", json: false)
        #expect(second.exitCode == 0, "\(second.output)")
        #expect(second.runs.first?.outlookWrites == 1)
        let lines = second.output.split(separator: "\n")
        #expect(lines.first?.hasPrefix("ENVIRONMENT") == true)
        #expect(lines.last?.contains("bob@contoso.example") == true && lines.last?.contains("succeeded") == true)

        // An unknown environment is a usage error.
        let unknown = await SyncCommand.execute(configPath: config, environment: "nowhere", mailbox: nil, json: false)
        #expect(unknown.exitCode == 2)
        #expect(unknown.isError)
        await server.stop()
    }
}
