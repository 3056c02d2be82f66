import Foundation

/// `PrextraSync:Tls`: `serve` terminates TLS itself with this certificate chain and key (PEM
/// files). The key is read when the configuration loads and never printed.
public struct TLSSettings: Sendable, Hashable {
    /// The server certificate, then any intermediates, PEM.
    public var certificateChainPEM: String
    public var privateKeyPEM: Secret
    public var certificatePath: URL
    public var keyPath: URL

    public init(certificateChainPEM: String, privateKeyPEM: Secret, certificatePath: URL, keyPath: URL) {
        self.certificateChainPEM = certificateChainPEM
        self.privateKeyPEM = privateKeyPEM
        self.certificatePath = certificatePath
        self.keyPath = keyPath
    }
}
