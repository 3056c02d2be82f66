import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SyncEngine
import SyncStore
import Synchronization
import Testing

@testable import SyncAPI

/// An ERP webhook receiver on 127.0.0.1 that fails its first `failures` requests.
final class WebhookReceiver: Sendable {
    struct Received: Sendable {
        var body: Data
        var signature: String?
        var eventID: String?
    }

    let failures: Int
    private let state = Mutex<(count: Int, accepted: [Received])>((0, []))
    private let task = Mutex<Task<Void, any Error>?>(nil)

    init(failures: Int) { self.failures = failures }

    var accepted: [Received] { state.withLock { $0.accepted } }
    var requestCount: Int { state.withLock { $0.count } }

    func start() async throws -> URL {
        let router = Router()
        router.post("/hooks") { request, _ -> Response in
            var request = request
            let body = Data(try await request.collectBody(upTo: 1 << 20).readableBytesView)
            let received = Received(
                body: body, signature: request.headers[HTTPField.Name("Prextra-Signature")!],
                eventID: request.headers[HTTPField.Name("Prextra-Event-Id")!])
            let fail = self.state.withLock { state -> Bool in
                state.count += 1
                if state.count <= self.failures { return true }
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

    func stop() async {
        let running = task.withLock { $0 }
        running?.cancel()
        _ = try? await running?.value
    }
}

@Suite("Webhooks: signed, retried with backoff, never lost")
struct WebhookTests {
    static let secret = "whsec-test-0123456789abcdef"

    @Test("a change is retried after failures and marked delivered only after a 2xx; the signature verifies")
    func retriedUntilAccepted() async throws {
        let clock = ManualClock()
        let directory = try APIHarness.makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteSyncStore(path: directory.appendingPathComponent("state.sqlite").path, clock: clock.function)
        try await store.registerEnvironment("prextra", configFingerprint: nil)
        let jane = MailboxAddress("jane@prextra.example")
        try await store.enrolMailbox(environment: "prextra", address: jane)
        try await store.upsertRecord(
            environment: "prextra", record: RecordKey(.task, "T-1"), fields: ["subject": .text("Draft")], owners: [jane],
            ifMatch: nil)

        let receiver = WebhookReceiver(failures: 2)
        let url = try await receiver.start()
        let deliverer = WebhookDeliverer(
            url: url, signingSecret: Self.secret, store: store, environments: ["prextra"],
            backoff: WebhookBackoff(base: .seconds(10), maximum: .seconds(60)), clock: clock.function)
        try await deliverer.enableOutbox()

        var work = UnitOfWork(environment: "prextra")
        work.applyOutlookChange(
            OutlookRecordWrite(
                record: RecordKey(.task, "T-1"), mailbox: jane, itemID: "AAMk1",
                change: .update(set: ["subject": .text("Edited in Outlook")], clear: []), expectedVersion: nil))
        _ = try await store.commit(work)
        let position = FeedPosition(1)

        // First attempt: the ERP answers 503. The entry stays, with a retry 10 s later.
        var pass = try await deliverer.deliverDue()
        #expect(pass.failed == 1)
        var delivery = try #require(try await store.webhookDelivery(environment: "prextra", position: position))
        #expect(delivery.deliveredAt == nil)
        #expect(delivery.attempts == 1)
        #expect(delivery.lastError == "HTTP 503")
        #expect(delivery.nextAttemptAt == clock.now.addingTimeInterval(10))
        // Not due yet: nothing is sent.
        pass = try await deliverer.deliverDue()
        #expect(pass == .init())
        #expect(receiver.requestCount == 1)

        // Second attempt fails too; the backoff doubles.
        clock.advance(by: 10)
        pass = try await deliverer.deliverDue()
        #expect(pass.failed == 1)
        delivery = try #require(try await store.webhookDelivery(environment: "prextra", position: position))
        #expect(delivery.nextAttemptAt == clock.now.addingTimeInterval(20))

        // Third attempt is accepted.
        clock.advance(by: 20)
        pass = try await deliverer.deliverDue()
        #expect(pass.delivered == 1)
        delivery = try #require(try await store.webhookDelivery(environment: "prextra", position: position))
        #expect(delivery.deliveredAt != nil)
        #expect(delivery.attempts == 3)
        #expect(try await store.undeliveredWebhookCount(environment: "prextra") == 0)

        let received = try #require(receiver.accepted.first)
        #expect(receiver.accepted.count == 1)
        #expect(received.eventID == "prextra:1")
        let signature = try #require(received.signature)
        #expect(signature.hasPrefix("t=\(Int64(clock.now.timeIntervalSince1970)),v1="))
        #expect(WebhookSignature.verify(header: signature, body: received.body, secret: Self.secret))
        #expect(!WebhookSignature.verify(header: signature, body: received.body, secret: "another-secret"))
        var tampered = received.body
        tampered.append(contentsOf: Array(" ".utf8))
        #expect(!WebhookSignature.verify(header: signature, body: tampered, secret: Self.secret))
        let payload = try JSONSerialization.jsonObject(with: received.body) as? [String: Any]
        let change = payload?["change"] as? [String: Any]
        #expect((change?["fields"] as? [String: Any])?["subject"] as? String == "Edited in Outlook")
        #expect(!String(decoding: received.body, as: UTF8.self).contains(Self.secret))

        // Nothing more to send.
        clock.advance(by: 3600)
        #expect(try await deliverer.deliverDue() == .init())
        await receiver.stop()
        try store.close()
    }

    @Test("an unreachable ERP keeps the event queued")
    func unreachableKeepsEvent() async throws {
        let clock = ManualClock()
        let directory = try APIHarness.makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try await WebhookStoreFixture.store(in: directory, clock: clock)
        // A port nobody listens on: take one from a receiver, then stop it.
        let receiver = WebhookReceiver(failures: 0)
        let url = try await receiver.start()
        await receiver.stop()
        let deliverer = WebhookDeliverer(
            url: url, signingSecret: Self.secret, store: store, environments: ["prextra"], requestTimeout: .seconds(5),
            clock: clock.function)
        try await deliverer.enableOutbox()
        try await WebhookStoreFixture.deleteTaskInOutlook(store)
        let pass = try await deliverer.deliverDue()
        #expect(pass.failed == 1)
        #expect(try await store.undeliveredWebhookCount(environment: "prextra") == 1)
        let delivery = try await store.webhookDelivery(environment: "prextra", position: FeedPosition(1))
        #expect(delivery?.lastError?.hasPrefix("no answer") == true)
        try store.close()
    }

    @Test("the backoff doubles up to its maximum")
    func backoff() {
        let backoff = WebhookBackoff(base: .seconds(2), maximum: .seconds(60))
        #expect(backoff.delay(afterAttempts: 1) == .seconds(2))
        #expect(backoff.delay(afterAttempts: 2) == .seconds(4))
        #expect(backoff.delay(afterAttempts: 5) == .seconds(32))
        #expect(backoff.delay(afterAttempts: 6) == .seconds(60))
        #expect(backoff.delay(afterAttempts: 1_000) == .seconds(60))
    }
}
