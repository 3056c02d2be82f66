import ExchangeSimulator
import Foundation
import Testing

/// The app part of the simulator's JSON seed: only `clientId` is required, the rest defaults to a
/// healthy, consented, enabled app.
@Suite struct EntraSeedDecodingTests {
    @Test func minimalAppDefaultsToHealthy() throws {
        let app = try JSONDecoder().decode(AppSeed.self, from: Data(#"{ "clientId": "00000000-0000-0000-0000-000000000001" }"#.utf8))
        #expect(app.adminConsent && app.enabled && !app.blockedByConditionalAccess)
        #expect(app.secrets.isEmpty && app.certificates.isEmpty && app.roles.isEmpty)
    }

    @Test func fullAppRoundTrips() throws {
        let app = AppSeed(
            clientId: "c", secrets: [SecretSeed(id: "i", value: "v", expiresOn: Date(timeIntervalSince1970: 1_900_000_000))],
            certificates: [CertificateSeed(certificatePEM: "-----BEGIN CERTIFICATE-----")], roles: ["ews": ["full_access_as_app"]],
            adminConsent: false, enabled: false, blockedByConditionalAccess: true, servicePrincipalObjectId: "o")
        let decoded = try JSONDecoder().decode(AppSeed.self, from: try JSONEncoder().encode(app))
        #expect(decoded == app)
    }
}
