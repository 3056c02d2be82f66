import Crypto
import _CryptoExtras
import Foundation
import HummingbirdTLS
import SwiftASN1
import X509

/// A TLS certificate for serving the simulator over HTTPS: either generated (a private CA
/// plus a leaf for `localhost` / `127.0.0.1` / `::1`) or given as PEM.
///
/// Real clients such as MSAL refuse a plain-http authority, so tests and demos hand
/// ``trustRootPEM`` to their client (AsyncHTTPClient's `additionalTrustRoots`, Python's `verify=`).
public struct SimulatorTLSIdentity: Sendable {
    /// Leaf first, then any intermediates; PEM.
    public let certificateChainPEM: [String]
    public let privateKeyPEM: String
    /// The certificate a client should trust: the generated CA, or the given leaf.
    public let trustRootPEM: String

    /// Uses a certificate (chain) and key the operator provides.
    public init(certificateChainPEM: [String], privateKeyPEM: String, trustRootPEM: String? = nil) {
        self.certificateChainPEM = certificateChainPEM
        self.privateKeyPEM = privateKeyPEM
        self.trustRootPEM = trustRootPEM ?? certificateChainPEM.last ?? ""
    }

    /// Generates a CA and a server certificate for the given names (valid for one year).
    public static func generate(hostnames: [String] = ["localhost"], ipAddresses: [[UInt8]] = [[127, 0, 0, 1], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]]) throws -> SimulatorTLSIdentity {
        let now = Date()
        let caKey = P256.Signing.PrivateKey()
        let caName = try DistinguishedName {
            OrganizationName("Prextra Sync ExchangeSimulator")
            CommonName("ExchangeSimulator test CA")
        }
        let ca = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(caKey.publicKey),
            notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(365 * 86400),
            issuer: caName, subject: caName, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
            },
            issuerPrivateKey: .init(caKey))

        let leafKey = P256.Signing.PrivateKey()
        let leafName = try DistinguishedName { CommonName(hostnames.first ?? "localhost") }
        var names: [GeneralName] = hostnames.map { .dnsName($0) }
        names += ipAddresses.map { .ipAddress(ASN1OctetString(contentBytes: $0[...])) }
        let leaf = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(leafKey.publicKey),
            notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(365 * 86400),
            issuer: caName, subject: leafName, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames(names)
            },
            issuerPrivateKey: .init(caKey))

        let caPEM = try ca.serializeAsPEM().pemString
        return SimulatorTLSIdentity(
            certificateChainPEM: [try leaf.serializeAsPEM().pemString],
            privateKeyPEM: leafKey.pemRepresentation, trustRootPEM: caPEM)
    }

    /// A server-side TLS configuration for `HTTPServerBuilder.tls(...)`.
    public func serverConfiguration() throws -> TLSConfiguration {
        let chain = try certificateChainPEM.map { try NIOSSLCertificate(bytes: Array($0.utf8), format: .pem) }
        let key = try NIOSSLPrivateKey(bytes: Array(privateKeyPEM.utf8), format: .pem)
        return TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
    }
}
