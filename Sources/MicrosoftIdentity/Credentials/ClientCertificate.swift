import Crypto
import _CryptoExtras
import Foundation
import X509

/// A certificate credential: the X.509 certificate uploaded to the app registration and its
/// RSA private key. Used to sign the client assertion (certificate-credentials, PS256, `x5t#S256`).
public struct ClientCertificate: Sendable, CustomStringConvertible, CustomReflectable {
    let privateKey: _RSA.Signing.PrivateKey
    /// DER of the certificate.
    public let certificateDER: [UInt8]
    /// The certificate's notAfter, for expiry warnings.
    public let notValidAfter: Date
    public let subject: String

    /// - Parameters:
    ///   - certificatePEM: the certificate, PEM.
    ///   - privateKeyPEM: its RSA private key, PEM (PKCS#1 or PKCS#8).
    public init(certificatePEM: String, privateKeyPEM: String) throws(ClientCertificateError) {
        let certificate: Certificate
        do { certificate = try Certificate(pemEncoded: certificatePEM) } catch { throw .unreadableCertificate }
        let key: _RSA.Signing.PrivateKey
        do { key = try _RSA.Signing.PrivateKey(pemRepresentation: privateKeyPEM) } catch { throw .unreadablePrivateKey }
        guard let certificateKey = _RSA.Signing.PublicKey(certificate.publicKey) else { throw .notRSA }
        guard certificateKey.derRepresentation == key.publicKey.derRepresentation else { throw .keyDoesNotMatchCertificate }
        do { self.certificateDER = try certificate.serializeAsPEM().derBytes } catch { throw .unreadableCertificate }
        self.privateKey = key
        self.notValidAfter = certificate.notValidAfter
        self.subject = String(describing: certificate.subject)
    }

    /// Base64url SHA-256 thumbprint of the DER certificate, as sent in `x5t#S256`.
    public var thumbprintSHA256: String { Base64URL.encode(Data(SHA256.hash(data: certificateDER))) }

    /// Hex SHA-1 thumbprint, as the Azure portal shows it.
    public var thumbprintSHA1Hex: String { Insecure.SHA1.hash(data: certificateDER).map { String(format: "%02X", $0) }.joined() }

    /// A signed client assertion for the token endpoint `audience`, valid 10 minutes.
    func clientAssertion(clientId: String, audience: String, now: Date) throws -> String {
        let header: [String: Any] = ["alg": "PS256", "typ": "JWT", "x5t#S256": thumbprintSHA256]
        let issuedAt = Int(now.timeIntervalSince1970)
        let payload: [String: Any] = [
            "aud": audience, "iss": clientId, "sub": clientId, "jti": UUID().uuidString.lowercased(),
            "iat": issuedAt, "nbf": issuedAt, "exp": issuedAt + 600,
        ]
        let signingInput = Base64URL.encode(try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys]))
            + "." + Base64URL.encode(try JSONSerialization.data(withJSONObject: payload, options: [.sortedKeys]))
        let signature = try privateKey.signature(for: Data(signingInput.utf8), padding: .PSS)
        return signingInput + "." + Base64URL.encode(signature.rawRepresentation)
    }

    public var description: String { "ClientCertificate(thumbprint: \(thumbprintSHA1Hex), notValidAfter: \(notValidAfter))" }
    public var customMirror: Mirror { Mirror(self, children: ["thumbprint": thumbprintSHA1Hex]) }
}

/// Why a certificate credential could not be loaded.
public enum ClientCertificateError: Error, Sendable, Hashable {
    case unreadableCertificate
    case unreadablePrivateKey
    /// Only RSA certificates can sign Entra ID client assertions.
    case notRSA
    case keyDoesNotMatchCertificate
}
