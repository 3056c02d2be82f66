import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// An ERP webhook receiver on 127.0.0.1 that fails its first `failures` requests, the first
/// attempt of each event in `failingOnce`, and takes `delay` to answer each request.
public final class WebhookReceiver: Sendable {
    public struct Received: Sendable {
        public var body: Data
        public var signature: String?
        public var eventID: String?
        /// `Prextra-Event-Type`: `outlook.change`, `environment.onboarded`, `credential.expiring`.
        public var eventType: String?
    }

    public let failures: Int
    public let failingOnce: Set<String>
    public let delay: Duration
    private struct State {
        var count = 0
        public var accepted: [Received] = []
        var refused: Set<String> = []
        var inFlight = 0
        var mostInFlight = 0
    }
    private let state = Mutex(State())
    private let task = Mutex<Task<Void, any Error>?>(nil)

    public init(failures: Int, failingOnce: Set<String> = [], delay: Duration = .zero) {
        self.failures = failures
        self.failingOnce = failingOnce
        self.delay = delay
    }

    public var accepted: [Received] { state.withLock { $0.accepted } }
    public var requestCount: Int { state.withLock { $0.count } }
    /// The most requests the receiver was answering at once.
    public var mostInFlight: Int { state.withLock { $0.mostInFlight } }

    public func start() async throws -> URL {
        let router = Router()
        router.post("/hooks") { request, _ -> Response in
            var request = request
            let body = Data(try await request.collectBody(upTo: 1 << 20).readableBytesView)
            let received = Received(
                body: body, signature: request.headers[HTTPField.Name("Prextra-Signature")!],
                eventID: request.headers[HTTPField.Name("Prextra-Event-Id")!],
                eventType: request.headers[HTTPField.Name("Prextra-Event-Type")!])
            self.state.withLock { state in
                state.inFlight += 1
                state.mostInFlight = max(state.mostInFlight, state.inFlight)
            }
            if self.delay > .zero { try? await Task.sleep(for: self.delay) }
            let fail = self.state.withLock { state -> Bool in
                state.inFlight -= 1
                state.count += 1
                if state.count <= self.failures { return true }
                if let id = received.eventID, self.failingOnce.contains(id), state.refused.insert(id).inserted { return true }
                state.accepted.append(received)
                return false
            }
            return Response(status: fail ? .serviceUnavailable : .noContent)
        }
        let (stream, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            })
        let running = Task { try await app.runService(gracefulShutdownSignals: []) }
        task.withLock { $0 = running }
        var iterator = stream.makeAsyncIterator()
        let port = await iterator.next() ?? 0
        return URL(string: "http://127.0.0.1:\(port)/hooks")!
    }

    public func stop() async {
        let running = task.withLock { $0 }
        running?.cancel()
        _ = try? await running?.value
    }
}
