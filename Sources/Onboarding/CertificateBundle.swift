import Foundation

/// A certificate the service made, with its private key, as one text: the certificate's PEM,
/// then the key's. Sealed as a whole into the store (between the guide and the submit, then as
/// the onboarded environment's credential) and read back the same way.
public struct CertificateBundle: Sendable, Hashable {
    public let certificatePEM: String
    /// Only ever handed to `CredentialSealer` or to the token provider.
    public let privateKeyPEM: String

    public init(certificatePEM: String, privateKeyPEM: String) {
        self.certificatePEM = certificatePEM
        self.privateKeyPEM = privateKeyPEM
    }

    public init(_ certificate: GeneratedCertificate) {
        self.init(certificatePEM: certificate.certificatePEM, privateKeyPEM: certificate.privateKeyPEM)
    }

    public struct Unreadable: Error, CustomStringConvertible {
        public var description: String { "its stored certificate and key cannot be read; onboard the environment again." }
    }

    /// Splits a bundle's text at its private key.
    public init(text: String) throws(Unreadable) {
        guard let keyStart = text.range(of: "-----BEGIN RSA PRIVATE KEY-----") ?? text.range(of: "-----BEGIN PRIVATE KEY-----") else {
            throw Unreadable()
        }
        self.init(
            certificatePEM: String(text[..<keyStart.lowerBound]).trimmingCharacters(in: .whitespacesAndNewlines),
            privateKeyPEM: String(text[keyStart.lowerBound...]))
    }

    public var text: String { certificatePEM + "\n" + privateKeyPEM }
}
