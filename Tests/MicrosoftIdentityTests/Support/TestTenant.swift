import _CryptoExtras
import Crypto
import ExchangeSimulator
import Foundation
import MicrosoftIdentity
import X509

/// The seeded tenant the identity tests run against.
enum TestTenant {
    static let tenantId = "11111111-2222-3333-4444-555555555555"
    static let domain = "contoso.example"
    /// Appears nowhere but in the secret; tests assert it never leaks.
    static let canarySecret = "CANARY~s3cret.Value_7f3e9d2b1a"
    static let secretId = "5b0c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3"

    static let goodApp = "00000000-0000-0000-0000-0000000000a1"
    static let expiredSecretApp = "00000000-0000-0000-0000-0000000000a2"
    static let noConsentApp = "00000000-0000-0000-0000-0000000000a3"
    static let disabledApp = "00000000-0000-0000-0000-0000000000a4"
    static let blockedApp = "00000000-0000-0000-0000-0000000000a5"
    static let certificateApp = "00000000-0000-0000-0000-0000000000a6"
    static let wrongRolesApp = "00000000-0000-0000-0000-0000000000a7"
    static let unknownApp = "00000000-0000-0000-0000-0000000000ff"

    static let graphRoles = ["Calendars.ReadWrite", "Contacts.ReadWrite", "Tasks.ReadWrite.All", "Mail.Read"]

    /// A certificate credential (RSA key + self-signed certificate), generated once per test process.
    static let certificate: (certificatePEM: String, privateKeyPEM: String) = try! makeCertificate(validFor: 365 * 86400)
    /// A second certificate that is not uploaded to any app.
    static let strangerCertificate: (certificatePEM: String, privateKeyPEM: String) = try! makeCertificate(validFor: 365 * 86400)

    static func makeCertificate(validFor seconds: TimeInterval, now: Date = Date()) throws -> (certificatePEM: String, privateKeyPEM: String) {
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let name = try DistinguishedName { CommonName("prextra-sync test app") }
        let certificate = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(key.publicKey),
            notValidBefore: now.addingTimeInterval(-86400), notValidAfter: now.addingTimeInterval(seconds),
            issuer: name, subject: name, signatureAlgorithm: .sha256WithRSAEncryption,
            extensions: Certificate.Extensions(), issuerPrivateKey: .init(key))
        return (try certificate.serializeAsPEM().pemString, key.pemRepresentation)
    }

    static func seed(now: Date) -> SimulatorSeed {
        let valid = SecretSeed(id: secretId, value: canarySecret, expiresOn: now.addingTimeInterval(180 * 86400))
        let fullRoles = ["ews": ["full_access_as_app"], "graph": graphRoles]
        return SimulatorSeed(tenants: [
            TenantSeed(id: tenantId, domains: [domain], apps: [
                AppSeed(clientId: goodApp, secrets: [valid], roles: fullRoles),
                AppSeed(clientId: expiredSecretApp, secrets: [
                    SecretSeed(id: UUID().uuidString, value: canarySecret, expiresOn: now.addingTimeInterval(-86400)),
                ], roles: fullRoles),
                AppSeed(clientId: noConsentApp, secrets: [valid], roles: fullRoles, adminConsent: false),
                AppSeed(clientId: disabledApp, secrets: [valid], roles: fullRoles, enabled: false),
                AppSeed(clientId: blockedApp, secrets: [valid], roles: fullRoles, blockedByConditionalAccess: true),
                AppSeed(clientId: certificateApp, certificates: [CertificateSeed(certificatePEM: certificate.certificatePEM)], roles: fullRoles),
                AppSeed(clientId: wrongRolesApp, secrets: [valid], roles: ["ews": ["EWS.AccessAsUser.All"], "graph": ["User.Read.All"]]),
            ]),
        ])
    }

    static func registration(_ clientId: String = goodApp, tenant: String = tenantId, secret: String = canarySecret, base: URL) -> AppRegistration {
        AppRegistration(tenantId: tenant, clientId: clientId, credential: .secret(ClientSecret(secret)), cloud: .custom(authority: base))
    }

    static func certificateRegistration(_ pair: (certificatePEM: String, privateKeyPEM: String) = certificate, base: URL) throws -> AppRegistration {
        let credential = try ClientCertificate(certificatePEM: pair.certificatePEM, privateKeyPEM: pair.privateKeyPEM)
        return AppRegistration(tenantId: tenantId, clientId: certificateApp, credential: .certificate(credential), cloud: .custom(authority: base))
    }
}

/// A simulator whose clock is the test clock.
func makeSimulator(clock: TestClock, policy: TokenIssuancePolicy = TokenIssuancePolicy()) throws -> EntraIDSimulator {
    try EntraIDSimulator(seed: TestTenant.seed(now: clock.now), signingKey: sharedSigningKey, issuancePolicy: policy,
                         clock: { clock.now })
}

/// RSA key generation is slow in debug builds; one key serves every test.
let sharedSigningKey: TokenSigningKey = try! TokenSigningKey.generate()
