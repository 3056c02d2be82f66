/// A certificate credential uploaded to an app registration: only its public part,
/// as in the portal's "Certificates & secrets" page.
///
/// The simulator verifies client assertions against it: the `x5t#S256` (or legacy `x5t`)
/// header must name this certificate and the signature must verify with its public key.
public struct CertificateSeed: Codable, Sendable, Hashable {
    /// The X.509 certificate, PEM-encoded (`-----BEGIN CERTIFICATE-----`).
    public var certificatePEM: String

    public init(certificatePEM: String) {
        self.certificatePEM = certificatePEM
    }
}
