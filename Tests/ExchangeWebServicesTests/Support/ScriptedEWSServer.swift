import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// A request the scripted server received.
struct RecordedRequest: Sendable {
    /// By lower-cased name.
    var headers: [String: String]
    var body: Data
    var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// The operation: the first element of the SOAP body.
    var operation: String? {
        guard let body = bodyText.range(of: "<soap:Body>") else { return nil }
        let rest = bodyText[body.upperBound...].drop { $0 != "<" }.dropFirst()
        let name = rest.prefix { $0 != " " && $0 != ">" && $0 != "/" }
        return name.split(separator: ":").last.map(String.init)
    }
}

/// A scripted answer.
struct ScriptedResponse: Sendable {
    var status: Int = 200
    var headers: [String: String] = [:]
    var body: String

    static func ok(_ body: String) -> Self { Self(body: body) }
}

/// A real HTTP server on 127.0.0.1 that answers EWS requests from a script and records them,
/// standing in for Exchange where only the client's own behaviour is under test.
final class ScriptedEWSServer: Sendable {
    private let recorded = Mutex<[RecordedRequest]>([])
    private let queue: Mutex<[ScriptedResponse]>
    private let fallback: @Sendable (RecordedRequest) -> ScriptedResponse

    init(responses: [ScriptedResponse] = [], fallback: @escaping @Sendable (RecordedRequest) -> ScriptedResponse = { _ in
        ScriptedResponse(status: 500, body: "no scripted response left")
    }) {
        queue = Mutex(responses)
        self.fallback = fallback
    }

    var requests: [RecordedRequest] { recorded.withLock { $0 } }

    func respond(to request: RecordedRequest) -> ScriptedResponse {
        recorded.withLock { $0.append(request) }
        let next = queue.withLock { queue in queue.isEmpty ? nil : queue.removeFirst() }
        return next ?? fallback(request)
    }

    /// Runs `body` with the server listening; stops it afterwards.
    func run<T: Sendable>(_ body: @Sendable (URL) async throws -> T) async throws -> T {
        let router = Router()
        router.post("/EWS/Exchange.asmx") { request, _ -> Response in
            let bytes = try await request.body.collect(upTo: 64 << 20)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName.lowercased()] = field.value }
            let answer = self.respond(to: RecordedRequest(headers: headers, body: Data(buffer: bytes)))
            var fields = HTTPFields()
            fields[.contentType] = "text/xml; charset=utf-8"
            for (name, value) in answer.headers { fields[HTTPField.Name(name)!] = value }
            return Response(
                status: .init(code: answer.status), headers: fields,
                body: .init(byteBuffer: ByteBuffer(string: answer.body)))
        }
        var logger = Logger(label: "ScriptedEWSServer")
        logger.logLevel = .critical
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in portContinuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        let group = ServiceGroup(services: [app], logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            let port = await iterator.next() ?? 0
            let url = URL(string: "http://127.0.0.1:\(port)/EWS/Exchange.asmx")!
            do {
                let result = try await body(url)
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return result
            } catch {
                await group.triggerGracefulShutdown()
                try? await tasks.waitForAll()
                throw error
            }
        }
    }
}
