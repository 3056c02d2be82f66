/// How the service proves the application's identity to Entra ID.
public enum ClientCredential: Sendable, Hashable, CustomStringConvertible {
    /// A client secret (`ClientSecret`, `ClientSecretVariable` or `ClientSecretFile`).
    case secret(Secret, source: SecretSource)
    /// A certificate whose private key signs a client assertion.
    case certificate(CertificateCredential)

    /// `secret` or `certificate`.
    public var kind: String {
        switch self {
        case .secret: "secret"
        case .certificate: "certificate"
        }
    }

    /// Safe to display: the masked secret and where it comes from, or the certificate's files.
    public var maskedDescription: String {
        switch self {
        case .secret(let secret, let source):
            "secret \(secret.maskedWithPrefix) (\(source))"
        case .certificate(let certificate):
            "certificate \(certificate.certificatePath) (key \(certificate.privateKeySource))"
        }
    }

    public var description: String { maskedDescription }

    /// The secret part: the client secret, or the certificate's private key (for scrubbers).
    public var secretValue: String {
        switch self {
        case .secret(let secret, _): secret.value
        case .certificate(let certificate): certificate.privateKeyPEM.value
        }
    }
}

/// A certificate credential: the certificate (public, PEM) and its private key (a secret, PEM).
public struct CertificateCredential: Sendable, Hashable {
    /// The PEM text of the certificate (`-----BEGIN CERTIFICATE-----`), public.
    public let certificatePEM: String
    /// The PEM text of the private key. Never log it.
    public let privateKeyPEM: Secret
    /// The certificate file as written in the configuration.
    public let certificatePath: String
    /// Where the private key came from.
    public let privateKeySource: SecretSource

    public init(certificatePEM: String, privateKeyPEM: Secret, certificatePath: String, privateKeySource: SecretSource) {
        self.certificatePEM = certificatePEM
        self.privateKeyPEM = privateKeyPEM
        self.certificatePath = certificatePath
        self.privateKeySource = privateKeySource
    }
}
