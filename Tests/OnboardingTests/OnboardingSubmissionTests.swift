import EnvironmentVerification
import ExchangeSimulator
import Foundation
import Onboarding
import ServiceConfiguration
import SimulatorTestSupport
import SyncStore
import Testing

/// Issue 13: the onboarding page's submit, against the simulator over loopback and a real store
/// file: the live checks, a refusal explained in the invitation's language with nothing stored,
/// and on success the credential sealed and the invitation spent.
@Suite("Submitting the onboarding form")
struct OnboardingSubmissionTests {
    static let key = Data((0..<32).map { UInt8(truncatingIfNeeded: $0 * 31 + 5) }).base64EncodedString()

    struct World {
        var simulator: SimulatorFixture
        var store: SQLiteSyncStore
        var submission: OnboardingSubmission
        var token: String
    }

    static func with(language: String, _ body: (World) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prextra-onboarding-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteSyncStore(path: directory.appendingPathComponent("state.sqlite").path)
        try await SimulatorFixture.with(seed: SimulatorFixture.graphSeed) { simulator in
            let (link, _) = try await InvitationIssuer(store: store, publicURL: URL(string: "https://sync.example.com")!)
                .invite(environment: "contoso", language: language)
            var submission = OnboardingSubmission(store: store, sealer: try CredentialSealer(base64Key: key), httpClient: SimulatorFixture.httpClient)
            let base = simulator.baseURL
            submission.endpoints = MicrosoftEndpoints(authority: base, ewsURL: base.appendingPathComponent("EWS/Exchange.asmx"), graphURL: base)
            try await body(World(simulator: simulator, store: store, submission: submission, token: link.lastPathComponent))
        }
    }

    static func form(secret: String, mailbox: String = SimulatorFixture.alice.rawValue) -> OnboardingForm {
        OnboardingForm(
            tenantID: SimulatorFixture.contosoTenant, applicationID: SimulatorFixture.contosoApp, credential: .secret(secret), mailbox: mailbox)
    }

    @Test("A wrong secret is explained in French (AADSTS7000215), nothing is stored, and the link still works")
    func wrongSecret() async throws {
        try await Self.with(language: "fr") { world in
            let outcome = try await world.submission.submit(token: world.token, form: Self.form(secret: "wrong-secret-value~0123456789"))
            guard case .checked(let reports, let onboarded) = outcome else { Issue.record("\(outcome)"); return }
            #expect(onboarded == nil)
            let diagnostics = reports.flatMap(\.diagnostics)
            let explained = try #require(diagnostics.first { $0.upstreamCode == "AADSTS7000215" }, "\(diagnostics.map(\.code))")
            #expect(explained.fix.contains("secret") && reports.allSatisfy { $0.language == "fr" })
            #expect(try await world.store.onboardedEnvironments().isEmpty)
            #expect(try await world.submission.invitation(token: world.token) != nil, "the link can be used again")
        }
    }

    @Test("Fields that cannot be right are named, with nothing tried or stored; a secret's ID is told apart from its value")
    func invalidFields() async throws {
        try await Self.with(language: "en") { world in
            let form = OnboardingForm(
                tenantID: "not a tenant", applicationID: "00000000-0000-0000-0000-000000000000",
                credential: .secret("3f2b8c1e-7d4a-4e9b-a6c5-91d0e8f7b2a4"), mailbox: "alice")
            guard case .invalid(let errors) = try await world.submission.submit(token: world.token, form: form) else {
                Issue.record("expected field errors")
                return
            }
            #expect(errors.map(\.field) == ["tenantId", "applicationId", "clientSecret", "mailbox"])
            #expect(errors[2].message.english.contains("ID, not its Value"))
            #expect(!errors.contains { $0.message.english.contains("3f2b8c1e") }, "values are never repeated")
            #expect(world.simulator.identity.tokenRequestCount(tenantId: SimulatorFixture.contosoTenant) == 0)
        }
    }

    @Test("The right secret: the environment is stored with its credential sealed, the link is spent, a second submit opens nothing")
    func onboardsWithASecret() async throws {
        try await Self.with(language: "en") { world in
            let outcome = try await world.submission.submit(token: world.token, form: Self.form(secret: SimulatorFixture.contosoSecret))
            guard case .checked(let reports, let onboarded?) = outcome else { Issue.record("\(outcome)"); return }
            #expect(reports.first?.succeeded == true, "Graph passed first")
            #expect(onboarded.api == "graph" && onboarded.credentialKind == .secret)
            let stored = try #require(try await world.store.onboardedEnvironments().first)
            #expect(stored.sealedCredential.range(of: Data(SimulatorFixture.contosoSecret.utf8)) == nil, "sealed, not in clear")
            #expect(try CredentialSealer(base64Key: Self.key).open(stored.sealedCredential, environment: "contoso") == SimulatorFixture.contosoSecret)
            #expect(try await world.submission.invitation(token: world.token) == nil)
            guard case .invitationUnusable = try await world.submission.submit(token: world.token, form: Self.form(secret: SimulatorFixture.contosoSecret))
            else {
                Issue.record("a spent link must open nothing")
                return
            }
        }
    }

    @Test("With the certificate the service made and the customer uploaded, the environment is stored as a certificate credential")
    func onboardsWithACertificate() async throws {
        try await Self.with(language: "fr") { world in
            let certificate = try GeneratedCertificate.make(environment: "contoso")
            world.simulator.identity.updateApp(tenantId: SimulatorFixture.contosoTenant, clientId: SimulatorFixture.contosoApp) { app in
                app.certificates.append(CertificateSeed(certificatePEM: certificate.certificatePEM))
            }
            let form = OnboardingForm(
                tenantID: SimulatorFixture.contosoTenant, applicationID: SimulatorFixture.contosoApp,
                credential: .certificate(CertificateBundle(certificate)),
                mailbox: SimulatorFixture.bob.rawValue)
            guard case .checked(_, let onboarded?) = try await world.submission.submit(token: world.token, form: form) else {
                Issue.record("expected the certificate to onboard")
                return
            }
            #expect(onboarded.credentialKind == .certificate)
            #expect(abs((onboarded.credentialExpiresAt ?? .distantPast).timeIntervalSince(certificate.notValidAfter)) < 1)
            let opened = try CredentialSealer(base64Key: Self.key).open(onboarded.sealedCredential, environment: "contoso")
            #expect(opened.contains(certificate.privateKeyPEM))
        }
    }
}
