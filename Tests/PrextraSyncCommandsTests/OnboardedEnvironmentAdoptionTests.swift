import Foundation
import Logging
import Onboarding
import ServiceConfiguration
import SimulatorTestSupport
import SyncAPI
import SyncService
import SyncStore
import Testing

@testable import PrextraSyncCommands

/// Several workers: an environment onboarded through one worker (or renewed there) runs on the
/// others at their next look at the store, once per onboarding.
@Suite("Adopting environments onboarded through another worker")
struct OnboardedEnvironmentAdoptionTests {
    @Test("A new onboarding is adopted once; a renewal (newer) is adopted again; the file's environment of the same name wins")
    func adoptsWhatOthersOnboarded() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prextra-adopt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteSyncStore(path: directory.appendingPathComponent("state.sqlite").path)
        let json = """
            { "Exchange": [ { "Environment": "prextra", "ApplicationId": "\(ConfigurationFiles.prextraApp)",
                "ClientSecret": "\(ConfigurationFiles.prextraSecret)", "TenantId": "\(ConfigurationFiles.prextraTenant)" } ],
              "PrextraSync": { "Onboarding": { "Authority": "http://127.0.0.1:9", "GraphUrl": "http://127.0.0.1:9", "EwsUrl": "http://127.0.0.1:9/EWS/Exchange.asmx" } } }
            """
        // (Port 9 refuses: nothing leaves the machine.)
        let file = try ConfigurationLoader().load(json: Data(json.utf8), baseDirectory: directory)
        let key = Data((0..<32).map { UInt8($0) }).base64EncodedString()
        let sealer = try CredentialSealer(base64Key: key)
        let adoption = OnboardedEnvironmentAdoption(file: file, sealer: sealer, store: store, worker: "w1", logger: Logger(label: "test"))
        _ = try await adoption.configurationAtStart()
        let service = SyncService(store: store, environments: [])
        let served = ServedEnvironments(["prextra"])

        // Another worker completes an onboarding (the store is what they share).
        func onboard(_ name: String, at date: Date) async throws {
            let issued = try await InvitationIssuer(store: store, publicURL: URL(string: "https://sync.example.com")!).invite(environment: name, language: "en")
            let environment = OnboardedEnvironment(
                name: name, tenantID: SimulatorFixture.contosoTenant, applicationID: SimulatorFixture.contosoApp, api: "graph",
                credentialKind: .secret, sealedCredential: try sealer.seal(SimulatorFixture.contosoSecret, environment: name),
                credentialExpiresAt: nil, onboardedAt: date)
            #expect(try await store.completeOnboarding(environment, invitationDigest: issued.invitation.tokenDigest, at: Date()))
        }
        try await onboard("contoso", at: Date(timeIntervalSince1970: 1_800_000_000))
        try await adoption.adoptNewlyOnboarded(service: service, served: served)
        #expect(service.environments.map(\.name) == ["contoso"])
        #expect(served.names == ["contoso", "prextra"])
        try await adoption.adoptNewlyOnboarded(service: service, served: served)
        #expect(service.environments.count == 1, "adopted once")

        try await onboard("contoso", at: Date(timeIntervalSince1970: 1_800_000_100))
        try await adoption.adoptNewlyOnboarded(service: service, served: served)
        #expect(service.environments.map(\.name) == ["contoso"], "a renewal replaces, never duplicates")

        // An onboarding under the file's name: the file's environment wins.
        try await onboard("prextra", at: Date(timeIntervalSince1970: 1_800_000_200))
        try await adoption.adoptNewlyOnboarded(service: service, served: served)
        #expect(service.environments.map(\.name) == ["contoso"])
    }
}
