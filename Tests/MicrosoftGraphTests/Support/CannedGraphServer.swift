import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// A request as the canned server received it.
struct RecordedRequest: Sendable {
    var method: String
    /// Path and query exactly as sent, e.g. `/v1.0/users/u1/events/AAMk%3D`.
    var target: String
    /// Header values by lower-cased name; repeated headers joined with ", ".
    var headers: [String: String]
    var body: Data

    var path: String { String(target.prefix { $0 != "?" }) }
    var json: Any? { try? JSONSerialization.jsonObject(with: body) }
}

/// What the canned server answers.
struct CannedResponse: Sendable {
    var status: Int
    var headers: [(String, String)] = []
    var body: String = ""
    /// Closes the connection instead of answering.
    var dropsConnection = false

    static func json(_ status: Int = 200, _ body: String, headers: [(String, String)] = []) -> CannedResponse {
        CannedResponse(status: status, headers: [("Content-Type", "application/json")] + headers, body: body)
    }

    static func graphError(_ status: Int, code: String, message: String, headers: [(String, String)] = []) -> CannedResponse {
        .json(
            status,
            #"{"error":{"code":"\#(code)","message":"\#(message)","innerError":{"date":"2026-12-03T08:00:00","request-id":"rid-1","client-request-id":"cid-1"}}}"#,
            headers: headers)
    }
}

/// A real HTTP server on 127.0.0.1 that answers Graph requests from a script the test writes
/// (shapes taken from Graph's documentation), and records every request. The client under test
/// talks to it over loopback exactly as it would to Graph.
final class CannedGraphServer: Sendable {
    private let handler: @Sendable (RecordedRequest) async -> CannedResponse
    private let recorded = Mutex<[RecordedRequest]>([])
    private let task = Mutex<Task<Void, any Error>?>(nil)

    init(handler: @escaping @Sendable (RecordedRequest) async -> CannedResponse) {
        self.handler = handler
    }

    var requests: [RecordedRequest] { recorded.withLock { $0 } }

    /// Starts listening on a free port; returns `http://127.0.0.1:PORT`.
    func start() async throws -> URL {
        var logger = Logger(label: "CannedGraphServer")
        logger.logLevel = .critical
        let (stream, continuation) = AsyncStream<Int>.makeStream()
        let handler = self.handler
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            var request = request
            let buffer = try await request.collectBody(upTo: 16 * 1024 * 1024)
            var headers: [String: String] = [:]
            for field in request.headers {
                let name = field.name.canonicalName.lowercased()
                headers[name] = headers[name].map { $0 + ", " + field.value } ?? field.value
            }
            let recordedRequest = RecordedRequest(
                method: request.method.rawValue, target: request.uri.string, headers: headers, body: Data(buffer.readableBytesView))
            self.recorded.withLock { $0.append(recordedRequest) }
            let canned = await handler(recordedRequest)
            if canned.dropsConnection {
                return Response(status: .ok, body: ResponseBody { _ in throw Dropped() })
            }
            var fields = HTTPFields()
            for (name, value) in canned.headers {
                if let field = HTTPField.Name(name) { fields.append(HTTPField(name: field, value: value)) }
            }
            return Response(
                status: HTTPResponse.Status(code: canned.status), headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: canned.body)))
        }
        let application = Application(
            responder: responder, configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "CannedGraph"),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: logger)
        let running = Task {
            defer { continuation.finish() }
            try await application.runService(gracefulShutdownSignals: [])
        }
        task.withLock { $0 = running }
        var iterator = stream.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            running.cancel()
            throw Dropped()
        }
        return URL(string: "http://127.0.0.1:\(port)")!
    }

    func stop() async {
        guard let running = task.withLock({ $0.take() }) else { return }
        running.cancel()
        _ = try? await running.value
    }

    private struct Dropped: Error {}
}
