import Foundation
import Onboarding
import ServiceConfiguration
import SimulatorTestSupport
import SyncAPI
import SyncEngine
import SyncStore
import WebPortal

/// Both portals on one API server over loopback, as `serve` mounts them: the dashboard (an
/// unscoped `ops` key) and the onboarding pages checked against the simulator, on a real
/// SQLite store file seeded with `DashboardTests.seed`. An onboarding registers the
/// environment, enrols its mailbox and serves it, as `serve`'s adoption does.
struct PortalWorld {
    var simulator: SimulatorFixture
    var store: SQLiteSyncStore
    var storePath: String
    var base: URL
    var issuer: InvitationIssuer

    /// The store file and its write-ahead log, as bytes.
    func storeBytes() throws -> Data {
        var bytes = Data()
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: storePath + suffix) {
            bytes.append(try Data(contentsOf: URL(fileURLWithPath: storePath + suffix)))
        }
        return bytes
    }

    static func with(_ body: (PortalWorld) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prextra-portals-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let storePath = directory.appendingPathComponent("state.sqlite").path
        let store = try SQLiteSyncStore(path: storePath)
        try await SimulatorFixture.with(seed: SimulatorFixture.graphSeed) { simulator in
            let keys = [APIKeyConfiguration(name: "ops", key: Secret(DashboardTests.opsKey), source: .inline, environments: nil)]
            let served = ServedEnvironments(["prextra", "autreClient"])
            let renderer = try await PageRenderer.load()
            let transport = TransportPolicy(servesTLS: false)
            var submission = OnboardingSubmission(
                store: store, sealer: try CredentialSealer(base64Key: OnboardingPortalTests.key), httpClient: SimulatorFixture.httpClient)
            let simulatorBase = simulator.baseURL
            submission.endpoints = MicrosoftEndpoints(
                authority: simulatorBase, ewsURL: simulatorBase.appendingPathComponent("EWS/Exchange.asmx"), graphURL: simulatorBase)
            let onboarding = OnboardingPortal(submission: submission, renderer: renderer, transport: transport) { environment, mailbox in
                served.add(environment.name)
                try? await store.registerEnvironment(environment.name, configFingerprint: nil)
                _ = try? await store.enrolMailbox(environment: environment.name, address: MailboxAddress(mailbox))
            }
            let issuer = InvitationIssuer(store: store, publicURL: URL(string: "http://127.0.0.1")!)
            let dashboard = DashboardPortal(
                store: store, served: served, operations: DashboardTests.Operations(), apiKeys: keys, renderer: renderer,
                transport: transport, issuer: issuer)
            let server = APIServer(
                configuration: APIServerConfiguration(port: 0, environments: served.names, apiKeys: keys), store: store, operations: nil,
                served: served, extensions: [onboarding, dashboard])
            let base = try await server.start()
            try await DashboardTests.seed(store)
            do {
                try await body(PortalWorld(simulator: simulator, store: store, storePath: storePath, base: base, issuer: issuer))
            } catch {
                await server.stop()
                throw error
            }
            await server.stop()
        }
    }
}
