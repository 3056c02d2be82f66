import Foundation
import Hummingbird
import Logging
import Synchronization

/// A local HTTP server that misbehaves the ways a hostile or broken peer does: it redirects every
/// request elsewhere, or trickles its answer a few bytes at a time. It records what reached it, so
/// a test can prove that a secret was never sent twice.
public final class MisbehavingHTTPServer: Sendable {
    public enum Behaviour: Sendable {
        /// Answers every request with this status (307, 308…) and `Location: {target}{path}`.
        case redirect(status: Int, target: String)
        /// Answers 200 at once, then sends `bytes` bytes, one every `interval`.
        case trickle(bytes: Int, interval: Duration)
        /// Answers 200 with this body.
        case answer(String)
    }

    public struct Received: Sendable {
        public var method: String
        public var path: String
        public var body: String
    }

    /// What reached the server, in order.
    final class RequestLog: Sendable {
        let entries = Mutex<[Received]>([])
    }

    public let baseURL: URL
    private let task: Task<Void, any Error>
    private let log: RequestLog

    /// What reached the server, in order.
    public var received: [Received] { log.entries.withLock { $0 } }

    private init(baseURL: URL, task: Task<Void, any Error>, log: RequestLog) {
        self.baseURL = baseURL
        self.task = task
        self.log = log
    }

    public static func start(_ behaviour: Behaviour) async throws -> MisbehavingHTTPServer {
        let log = RequestLog()
        let router = Router()
        router.on("**", method: .post) { request, context in try await respond(request, context, behaviour, log) }
        router.on("**", method: .get) { request, context in try await respond(request, context, behaviour, log) }
        var logger = Logger(label: "MisbehavingHTTPServer")
        logger.logLevel = .critical
        let (stream, continuation) = AsyncStream<Int>.makeStream()
        let application = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: logger)
        let task = Task { try await application.runService(gracefulShutdownSignals: []) }
        var ports = stream.makeAsyncIterator()
        guard let port = await ports.next(), port > 0 else {
            task.cancel()
            throw CancellationError()
        }
        return MisbehavingHTTPServer(baseURL: URL(string: "http://127.0.0.1:\(port)")!, task: task, log: log)
    }

    private static func respond(
        _ request: Request, _ context: BasicRequestContext, _ behaviour: Behaviour, _ log: RequestLog
    ) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: 1 << 20)
        log.entries.withLock {
            $0.append(Received(method: request.method.rawValue, path: request.uri.path, body: String(buffer: body)))
        }
        switch behaviour {
        case .redirect(let status, let target):
            return Response(
                status: .init(code: status), headers: [.location: target + request.uri.path],
                body: ResponseBody(byteBuffer: ByteBuffer(string: "moved")))
        case .trickle(let bytes, let interval):
            return Response(
                status: .ok, headers: [.contentType: "application/json", .contentLength: "\(bytes)"],
                body: ResponseBody { writer in
                    for _ in 0..<bytes {
                        try await Task.sleep(for: interval)
                        try await writer.write(ByteBuffer(string: " "))
                    }
                    try await writer.finish(nil)
                })
        case .answer(let text):
            return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        }
    }

    public func stop() async {
        task.cancel()
        _ = try? await task.value
    }
}
