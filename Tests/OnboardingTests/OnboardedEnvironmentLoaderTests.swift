import Foundation
import Onboarding
import ServiceConfiguration
import SyncStore
import Testing

@Suite("Onboarded environments become environments the service runs")
struct OnboardedEnvironmentLoaderTests {
    static let key = Data((0..<32).map { UInt8(truncatingIfNeeded: $0 * 11 + 3) }).base64EncodedString()

    static func onboarded(_ name: String, kind: OnboardedEnvironment.CredentialKind, plain: String, sealer: CredentialSealer, api: String = "graph")
        throws -> OnboardedEnvironment
    {
        OnboardedEnvironment(
            name: name, tenantID: "11111111-1111-4111-8111-111111111111", applicationID: "22222222-2222-4222-8222-222222222222", api: api,
            credentialKind: kind, sealedCredential: try sealer.seal(plain, environment: name), credentialExpiresAt: Date(timeIntervalSince1970: 1_900_000_000),
            onboardedAt: Date())
    }

    @Test("A secret and a certificate open as the file would give them; the file wins a name clash; a credential that does not open is named")
    func loads() throws {
        let sealer = try CredentialSealer(base64Key: Self.key)
        let certificate = try GeneratedCertificate.make(environment: "fabrikam")
        let entries = [
            try Self.onboarded("contoso", kind: .secret, plain: "Qx8~secret-value-0123456789", sealer: sealer),
            try Self.onboarded("fabrikam", kind: .certificate, plain: certificate.certificatePEM + "\n" + certificate.privateKeyPEM, sealer: sealer, api: "ews"),
            try Self.onboarded("prextra", kind: .secret, plain: "shadowed-secret-0123456789", sealer: sealer),
            try Self.onboarded("northwind", kind: .secret, plain: "other-key-secret-0123456789", sealer: try CredentialSealer(
                base64Key: Data(repeating: 9, count: 32).base64EncodedString())),
        ]
        let (environments, notices) = OnboardedEnvironmentLoader(sealer: sealer).environments(entries, configured: ["Prextra"])
        #expect(environments.map(\.name) == ["contoso", "fabrikam"])
        #expect(environments[0].credential.secretValue == "Qx8~secret-value-0123456789" && environments[0].api == .graph)
        #expect(environments[0].clientSecretExpiresOn == Date(timeIntervalSince1970: 1_900_000_000))
        guard case .certificate(let loaded) = environments[1].credential else {
            Issue.record("expected a certificate credential")
            return
        }
        #expect(loaded.certificatePEM == certificate.certificatePEM.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(loaded.privateKeyPEM.value == certificate.privateKeyPEM && environments[1].api == .ews)
        #expect(notices.count == 2)
        #expect(notices.contains { $0.contains("prextra") && $0.contains("the file's is used") })
        #expect(notices.contains { $0.contains("northwind") && $0.contains("SecretsKey") })
        #expect(!notices.joined().contains("secret-0123456789"), "no credential in a notice")
    }

    @Test("Added to the loaded configuration, onboarded environments follow the file's, and their secrets are scrubbed")
    func addedToTheConfiguration() throws {
        let sealer = try CredentialSealer(base64Key: Self.key)
        let (environments, _) = OnboardedEnvironmentLoader(sealer: sealer).environments(
            [try Self.onboarded("contoso", kind: .secret, plain: "Qx8~scrubbed-secret-0123456789", sealer: sealer)], configured: [])
        let loaded = LoadedConfiguration(
            source: nil, service: .defaults(in: FileManager.default.temporaryDirectory), serviceProblems: [], fileProblems: [],
            environmentReports: [])
        let merged = loaded.adding(environments)
        #expect(merged.environments.map(\.name) == ["contoso"])
        #expect(merged.environment(named: "CONTOSO")?.tenantID == "11111111-1111-4111-8111-111111111111")
        #expect(merged.secretScrubber.scrub("failed with Qx8~scrubbed-secret-0123456789") == "failed with <redacted>")
    }
}
