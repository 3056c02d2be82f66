import Crypto
import _CryptoExtras
import Foundation
import MicrosoftIdentity
import X509

/// The certificate credential the service makes for a customer (the onboarding's recommended
/// choice): an RSA 2048 key pair and a self-signed certificate. The customer uploads the public
/// certificate (`.cer`) under "Certificates & secrets"; the private key never leaves the service
/// (it is sealed into the store).
public struct GeneratedCertificate: Sendable {
    public let certificatePEM: String
    /// The RSA private key, PEM: only ever handed to `CredentialSealer`.
    public let privateKeyPEM: String
    /// What the customer downloads: the certificate, DER-encoded, as Windows' `.cer`.
    public let certificateDER: Data
    /// The SHA-1 thumbprint, hex, as the Entra ID portal lists it once uploaded.
    public let thumbprint: String
    public let notValidAfter: Date

    /// Two years: long enough not to bother the customer, with an alert 30 days before.
    public static let validity: TimeInterval = 2 * 365 * 86_400

    /// Makes a new key pair and certificate for `environment` (its name in the subject, so that
    /// the customer recognises it in the portal).
    public static func make(environment: String, now: Date = Date()) throws -> GeneratedCertificate {
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let name = try DistinguishedName {
            CommonName("Prextra Sync \(environment)")
            OrganizationName("Prextra Sync")
        }
        let certificate = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(key.publicKey),
            notValidBefore: now.addingTimeInterval(-300), notValidAfter: now.addingTimeInterval(validity),
            issuer: name, subject: name, signatureAlgorithm: .sha256WithRSAEncryption,
            extensions: try Certificate.Extensions {
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.clientAuth])
            },
            issuerPrivateKey: .init(key))
        let pem = try certificate.serializeAsPEM().pemString
        let client = try ClientCertificate(certificatePEM: pem, privateKeyPEM: key.pemRepresentation)
        return GeneratedCertificate(
            certificatePEM: pem, privateKeyPEM: key.pemRepresentation, certificateDER: Data(client.certificateDER),
            thumbprint: client.thumbprintSHA1Hex, notValidAfter: client.notValidAfter)
    }
}
