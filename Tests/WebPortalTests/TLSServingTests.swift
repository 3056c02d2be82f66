import AsyncHTTPClient
import ExchangeSimulator
import Foundation
import NIOCore
import NIOSSL
import ServiceConfiguration
import SyncAPI
import SyncStore
import Testing
import WebPortal

/// Issue 13, "Serving it safely": with `PrextraSync:Tls`, the API and the pages answer HTTPS
/// only, and the dashboard's cookies are marked Secure.
@Suite("serve's own TLS")
struct TLSServingTests {
    @Test("HTTPS with the configured certificate; plain HTTP gets no answer; the session cookie is Secure")
    func https() async throws {
        let identity = try SimulatorTLSIdentity.generate(hostnames: ["localhost"])
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prextra-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteSyncStore(path: directory.appendingPathComponent("state.sqlite").path)
        let keys = [APIKeyConfiguration(name: "ops", key: Secret(DashboardTests.opsKey), source: .inline, environments: nil)]
        var configuration = APIServerConfiguration(port: 0, environments: ["prextra"], apiKeys: keys)
        configuration.tls = TLSSettings(
            certificateChainPEM: identity.certificateChainPEM.joined(separator: "\n"), privateKeyPEM: Secret(identity.privateKeyPEM),
            certificatePath: directory.appendingPathComponent("server.pem"), keyPath: directory.appendingPathComponent("server.key"))
        let dashboard = DashboardPortal(
            store: store, served: ServedEnvironments(["prextra"]), operations: nil, apiKeys: keys, renderer: try await PageRenderer.load(),
            transport: TransportPolicy(servesTLS: true), issuer: nil)
        let server = APIServer(configuration: configuration, store: store, operations: nil, extensions: [dashboard])
        let base = try await server.start()
        #expect(base.scheme == "https")

        var tls = TLSConfiguration.makeClientConfiguration()
        tls.additionalTrustRoots = [.certificates(try NIOSSLCertificate.fromPEMBytes(Array(identity.trustRootPEM.utf8)))]
        tls.certificateVerification = .noHostnameVerification
        var clientConfiguration = HTTPClient.Configuration(tlsConfiguration: tls)
        clientConfiguration.redirectConfiguration = .disallow
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: clientConfiguration)
        do {
            let health = try await client.execute(HTTPClientRequest(url: base.absoluteString + "/healthz"), timeout: .seconds(30))
            #expect(health.status == .ok)
            let signIn = try await client.execute(HTTPClientRequest(url: base.absoluteString + "/dashboard/sign-in"), timeout: .seconds(30))
            #expect(signIn.status == .ok)
            #expect(signIn.headers["Set-Cookie"].allSatisfy { $0.hasSuffix("; Secure") }, "\(signIn.headers["Set-Cookie"])")
            let plain = base.absoluteString.replacingOccurrences(of: "https://", with: "http://") + "/healthz"
            await #expect(throws: (any Error).self, "plain HTTP to the TLS port is not answered") {
                _ = try await PageClient.httpClient.execute(HTTPClientRequest(url: plain), timeout: .seconds(10))
            }
        } catch {
            try await client.shutdown()
            await server.stop()
            throw error
        }
        try await client.shutdown()
        await server.stop()
    }
}
