import Crypto
import _CryptoExtras
import Foundation
import X509

/// The RSA key the simulated Entra ID signs access tokens with, and its self-signed certificate.
///
/// The key is published in the JWKS (`kid`, `n`, `e`, `x5t`, `x5c`) so that any resource server,
/// not only this simulator's EWS side, can verify the tokens.
public struct TokenSigningKey: Sendable {
    public let privateKey: _RSA.Signing.PrivateKey
    /// Key id; Entra uses the certificate's SHA-1 thumbprint (base64url), and so do we.
    public let keyID: String
    /// DER bytes of the self-signed certificate wrapping the public key.
    public let certificateDER: [UInt8]

    /// Generates a fresh 2048-bit key.
    public static func generate() throws -> TokenSigningKey {
        try TokenSigningKey(privateKey: _RSA.Signing.PrivateKey(keySize: .bits2048))
    }

    /// Uses a given key (PEM, PKCS#1 or PKCS#8), e.g. to keep tokens valid across restarts.
    public init(privateKeyPEM: String) throws {
        try self.init(privateKey: _RSA.Signing.PrivateKey(pemRepresentation: privateKeyPEM))
    }

    public init(privateKey: _RSA.Signing.PrivateKey) throws {
        self.privateKey = privateKey
        let now = Date()
        let name = try DistinguishedName { CommonName("ExchangeSimulator token signing") }
        let certificate = try Certificate(
            version: .v3, serialNumber: .init(),
            publicKey: .init(privateKey.publicKey),
            notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(5 * 365 * 86400),
            issuer: name, subject: name, signatureAlgorithm: .sha256WithRSAEncryption,
            extensions: Certificate.Extensions(), issuerPrivateKey: .init(privateKey))
        let der = try certificate.serializeAsPEM().derBytes
        self.certificateDER = der
        self.keyID = Base64URL.encode(Data(Insecure.SHA1.hash(data: der)))
    }

    /// Signs `header.payload` with RS256 and returns the compact JWS.
    func signJWT(header: [String: any Sendable], payload: [String: any Sendable]) throws -> String {
        let headerJSON = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        let payloadJSON = try JSONSerialization.data(withJSONObject: payload, options: [.sortedKeys])
        let signingInput = Base64URL.encode(headerJSON) + "." + Base64URL.encode(payloadJSON)
        let signature = try privateKey.signature(for: Data(signingInput.utf8), padding: .insecurePKCS1v1_5)
        return signingInput + "." + Base64URL.encode(signature.rawRepresentation)
    }

    /// The JWK of the public key, as in Entra's `discovery/v2.0/keys`.
    func jsonWebKey() throws -> [String: any Sendable] {
        let primitives = try privateKey.publicKey.getKeyPrimitives()
        return [
            "kty": "RSA", "use": "sig", "alg": "RS256",
            "kid": keyID, "x5t": keyID,
            "n": Base64URL.encode(primitives.modulus), "e": Base64URL.encode(primitives.publicExponent),
            "x5c": [Data(certificateDER).base64EncodedString()],
        ]
    }
}
