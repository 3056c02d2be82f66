import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// The simulator over HTTP: EWS at `POST /EWS/Exchange.asmx`, the routes of any
/// `SimulatorRouteProvider` (the token endpoint), and the JSON control API under `/control`.
public final class SimulatorServer: Sendable {
    public let exchange: SimulatedExchange
    public let configuration: SimulatorConfiguration
    private let endpoint: EWSEndpoint
    private let graphEndpoint: GraphEndpoint
    private let routeProviders: [any SimulatorRouteProvider]
    private let logger: Logger
    private let running = RunningState()

    public init(
        configuration: SimulatorConfiguration, tokenValidator: any AppTokenValidating,
        routeProviders: [any SimulatorRouteProvider] = [], logger: Logger = Logger(label: "ExchangeSimulator")
    ) throws {
        self.configuration = configuration
        self.routeProviders = routeProviders
        self.logger = logger
        exchange = try SimulatedExchange(seed: configuration.seed)
        exchange.streaming.settings = configuration.streamingNotifications
        endpoint = EWSEndpoint(
            exchange: exchange, tokenValidator: tokenValidator, validator: .shared,
            recorder: try configuration.recordDirectory.map { try RequestRecorder(directory: $0) },
            validatesResponses: configuration.validatesResponses, requiresAnchorMailbox: configuration.requiresAnchorMailbox,
            logger: logger)
        graphEndpoint = GraphEndpoint(exchange: exchange, tokenValidator: tokenValidator, schema: .shared, logger: logger)
    }

    /// Starts listening and returns the base URL (`http://127.0.0.1:PORT`).
    public func start() async throws -> URL {
        // Hummingbird reports the cancellation that stops the server as errors; keep them quiet.
        var serverLogger = logger
        serverLogger.logLevel = .critical
        let (stream, continuation) = AsyncStream<Int>.makeStream()
        let application = Application(
            router: makeRouter(),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "ExchangeSimulator"),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: serverLogger)
        let failure = Mutex<String?>(nil)
        let task = Task {
            do {
                try await application.runService(gracefulShutdownSignals: [])
            } catch {
                // A bind failure ends the service before it ever runs: say why instead of waiting forever.
                failure.withLock { $0 = "\(error)" }
                continuation.finish()
                throw error
            }
            continuation.finish()
        }
        running.set(task)
        var iterator = stream.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            task.cancel()
            if let reason = failure.withLock({ $0 }) {
                throw SimulatorServerError.cannotListen(host: configuration.host, port: configuration.port, reason: reason)
            }
            throw SimulatorServerError.didNotStart
        }
        return URL(string: "http://\(configuration.host):\(port)")!
    }

    /// Stops the server started by `start()`.
    public func stop() async {
        guard let task = running.take() else { return }
        task.cancel()
        _ = try? await task.value
    }

    public enum SimulatorServerError: Error {
        case didNotStart
        /// The address could not be bound (port in use, unknown host...).
        case cannotListen(host: String, port: Int, reason: String)
    }

    func makeRouter() -> Router<BasicRequestContext> {
        let router = Router()
        let endpoint = self.endpoint
        router.post("/EWS/Exchange.asmx") { request, _ -> Response in
            var request = request
            let buffer = try await request.collectBody(upTo: 64 * 1024 * 1024)
            let anchor = HTTPField.Name("X-AnchorMailbox").flatMap { request.headers[$0] }
            let answer = await endpoint.handle(
                authorization: request.headers[.authorization], anchorMailbox: anchor, body: Data(buffer.readableBytesView))
            return Self.response(answer)
        }
        let graph = graphEndpoint
        for method in [HTTPRequest.Method.get, .post, .patch, .delete, .put] {
            router.on("/v1.0/**", method: method) { request, _ -> Response in
                var request = request
                let buffer = try await request.collectBody(upTo: 64 * 1024 * 1024)
                return Self.response(await graph.handle(Self.graphRequest(request, body: Data(buffer.readableBytesView))))
            }
        }
        ControlAPI(exchange: exchange).addRoutes(to: router)
        for provider in routeProviders { provider.addRoutes(to: router) }
        return router
    }

    private static func response(_ answer: EWSHTTPResponse) -> Response {
        if answer.dropsConnection {
            // Failing the body write makes the server close the connection without an answer.
            return Response(status: .ok, body: ResponseBody { _ in throw DroppedConnection() })
        }
        var headers = HTTPFields()
        for (name, value) in answer.headers {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        if let streamingBody = answer.streamingBody {
            // No Content-Length: the body goes out chunked, one SOAP envelope at a time.
            return Response(
                status: HTTPResponse.Status(code: answer.status), headers: headers,
                body: ResponseBody { writer in
                    try await streamingBody { envelope in try await writer.write(ByteBuffer(string: envelope)) }
                    try await writer.finish(nil)
                })
        }
        return Response(
            status: HTTPResponse.Status(code: answer.status), headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(string: answer.body)))
    }

    private struct DroppedConnection: Error {}

    private static func graphRequest(_ request: Request, body: Data) -> GraphRequest {
        var headers: [String: String] = [:]
        for field in request.headers {
            let name = field.name.canonicalName.lowercased()
            headers[name] = headers[name].map { "\($0), \(field.value)" } ?? field.value
        }
        let host = request.head.authority ?? headers["host"] ?? "127.0.0.1"
        var target = request.uri.string
        if let range = target.range(of: GraphEndpoint.pathPrefix) { target = String(target[range.upperBound...]) }
        return GraphRequest(method: request.method.rawValue, target: target, headers: headers, body: body, origin: "http://\(host)")
    }

    private static func response(_ answer: GraphHTTPResponse) -> Response {
        if answer.dropsConnection {
            return Response(status: .ok, body: ResponseBody { _ in throw DroppedConnection() })
        }
        var headers = HTTPFields()
        for (name, value) in answer.headers {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        guard let body = answer.body else {
            return Response(status: HTTPResponse.Status(code: answer.status), headers: headers)
        }
        if headers[.contentType] == nil { headers[.contentType] = "application/json; odata.metadata=minimal; odata.streaming=true; charset=utf-8" }
        return Response(
            status: HTTPResponse.Status(code: answer.status), headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(string: body.serialized())))
    }
}


/// The server task, so `stop()` can end it.
private final class RunningState: Sendable {
    private let task = Mutex<Task<Void, any Error>?>(nil)
    func set(_ value: Task<Void, any Error>) { task.withLock { $0 = value } }
    func take() -> Task<Void, any Error>? { task.withLock { value in defer { value = nil }; return value } }
}
