import AsyncHTTPClient
import ExchangeSimulator
import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOSSL

/// Runs the simulator's Entra ID routes on 127.0.0.1 (an ephemeral port) for the duration of `body`.
func withEntraServer<T: Sendable>(
    _ simulator: EntraIDSimulator, tls: SimulatorTLSIdentity? = nil,
    _ body: @Sendable (URL) async throws -> T
) async throws -> T {
    let router = Router()
    simulator.addRoutes(to: router)
    let (ports, continuation) = AsyncStream<Int>.makeStream()
    let server: HTTPServerBuilder = if let tls { try .tls(.http1(), tlsConfiguration: tls.serverConfiguration()) } else { .http1() }
    let app = Application(
        router: router, server: server,
        configuration: .init(address: .hostname("127.0.0.1", port: 0)),
        onServerRunning: { channel in
            continuation.yield(channel.localAddress?.port ?? 0)
            continuation.finish()
        },
        logger: Logger(label: "entra-test-server", factory: { _ in SwiftLogNoOpLogHandler() }))
    return try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await app.run(); return nil }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port != 0 else { throw TestServerError.didNotStart }
        let base = URL(string: "\(tls == nil ? "http" : "https")://127.0.0.1:\(port)")!
        simulator.setPublicBaseURL(base.absoluteString)
        do {
            let result = try await body(base)
            group.cancelAll()
            return result
        } catch {
            group.cancelAll()
            throw error
        }
    }
}

enum TestServerError: Error { case didNotStart }

/// An HTTP client that trusts the simulator's generated CA.
func makeHTTPClient(trusting pem: String) throws -> HTTPClient {
    var tlsConfiguration = TLSConfiguration.makeClientConfiguration()
    tlsConfiguration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(pem.utf8)))
    var configuration = HTTPClient.Configuration()
    configuration.tlsConfiguration = tlsConfiguration
    return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
}

/// POSTs a raw form to the token endpoint, for checks on the exact wire answer.
func postRawTokenRequest(base: URL, tenant: String, form: String, headers: [(String, String)] = []) async throws
    -> (status: Int, headers: [String: String], json: [String: Any])
{
    var request = HTTPClientRequest(url: "\(base.absoluteString)/\(tenant)/oauth2/v2.0/token")
    request.method = .POST
    request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
    for (name, value) in headers { request.headers.add(name: name, value: value) }
    request.body = .bytes(ByteBuffer(string: form))
    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
    let body = try await response.body.collect(upTo: 1 << 20)
    let json = (try JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:]
    var fields: [String: String] = [:]
    for header in response.headers { fields[header.name.lowercased()] = header.value }
    return (Int(response.status.code), fields, json)
}

/// GETs a JSON document from the simulator.
func getJSON(_ url: String) async throws -> [String: Any] {
    let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
    let body = try await response.body.collect(upTo: 1 << 20)
    return (try JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:]
}
