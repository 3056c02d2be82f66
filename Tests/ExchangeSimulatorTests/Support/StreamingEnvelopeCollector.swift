import AsyncHTTPClient
import ExchangeSimulator
import Foundation
import NIOCore
import Synchronization

/// A GetStreamingEvents request held open against the simulator: records every SOAP envelope
/// of the chunked body as it arrives (with the instant it arrived), checking each against
/// the schema, and whether the body has ended.
final class StreamingEnvelopeCollector: Sendable {
    struct Received: Sendable {
        var at: ContinuousClock.Instant
        var envelope: XMLElementNode
        var text: String

        /// The `m:GetStreamingEventsResponseMessage`.
        var message: XMLElementNode? { envelope.descendant("Body", "GetStreamingEventsResponse", "ResponseMessages")?.children.first }
        var connectionStatus: String? { message?.child("ConnectionStatus")?.text }
        var responseCode: String? { message?.child("ResponseCode")?.text }
        /// Every event element (`CreatedEvent`...) of every notification.
        var events: [XMLElementNode] {
            (message?.child("Notifications")?.children ?? []).flatMap { $0.children.filter { $0.name.hasSuffix("Event") } }
        }
    }

    private struct State {
        var received: [Received] = []
        var ended = false
        var status: Int?
        var violations: [String] = []
    }

    private let state = Mutex(State())
    private let task = Mutex<Task<Void, Never>?>(nil)

    /// Sends `xml` (a whole GetStreamingEvents envelope) and starts reading.
    init(harness: SimulatorHarness, xml: String, tenant: String = SimulatorHarness.contoso, anchor: String = SimulatorHarness.alice) throws {
        var request = HTTPClientRequest(url: harness.baseURL.appendingPathComponent("EWS/Exchange.asmx").absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "text/xml; charset=utf-8")
        request.headers.add(name: "Authorization", value: "Bearer \(try harness.authority.token(tenantId: tenant))")
        request.headers.add(name: "X-AnchorMailbox", value: anchor)
        request.body = .bytes(ByteBuffer(string: xml))
        let client = harness.client
        let reading = Task { [self] in
                defer { state.withLock { $0.ended = true } }
                guard let response = try? await client.execute(request, timeout: .seconds(120)) else { return }
                state.withLock { $0.status = Int(response.status.code) }
                var pending = ""
                do {
                    for try await buffer in response.body {
                        pending += String(buffer: buffer)
                        while let end = pending.firstMatch(of: /<\/(?:[A-Za-z_][\w.-]*:)?Envelope>/) {
                            let text = String(pending[..<end.range.upperBound])
                            pending.removeSubrange(..<end.range.upperBound)
                            let violations = EWSSchemaValidator.shared.violations(in: Data(text.utf8)).map(\.description)
                            let envelope = try? XMLTreeParser.parse(Data(text.utf8))
                            state.withLock { state in
                                state.violations += violations
                                if let envelope { state.received.append(Received(at: .now, envelope: envelope, text: text)) }
                            }
                        }
                    }
                } catch {}
        }
        task.withLock { $0 = reading }
    }

    var received: [Received] { state.withLock { $0.received } }
    var ended: Bool { state.withLock { $0.ended } }
    var status: Int? { state.withLock { $0.status } }
    var violations: [String] { state.withLock { $0.violations } }

    /// Waits up to `timeout` for an envelope that satisfies `predicate`; nil if none came.
    func first(within timeout: Duration, where predicate: (Received) -> Bool) async -> Received? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let match = received.first(where: predicate) { return match }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return received.first(where: predicate)
    }

    /// Waits up to `timeout` for the body to end.
    func waitForEnd(within timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline, !ended { try? await Task.sleep(for: .milliseconds(10)) }
        return ended
    }

    func cancel() { task.withLock { $0?.cancel() } }
}
