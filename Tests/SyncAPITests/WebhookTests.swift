import Foundation
import HTTPTestSupport
import HTTPTypes
import Hummingbird
import NIOCore
import SyncEngine
import SyncStore
import Synchronization
import Testing

@testable import SyncAPI

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
        #expect(WebhookSignature.verify(header: signature, body: received.body, secret: Self.secret, now: clock.now))
        #expect(!WebhookSignature.verify(header: signature, body: received.body, secret: "another-secret", now: clock.now))
        var tampered = received.body
        tampered.append(contentsOf: Array(" ".utf8))
        #expect(!WebhookSignature.verify(header: signature, body: tampered, secret: Self.secret, now: clock.now))
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

    /// Issue 18, item 4: a failed event backed off while the record's next event went out, and
    /// deliveries went one at a time.
    @Test("two workers and a slow, failing receiver: every event once, a record's events in order, records in parallel")
    func onceInOrderPerRecordConcurrentAcrossRecords() async throws {
        let directory = try APIHarness.makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteSyncStore(path: directory.appendingPathComponent("state.sqlite").path)
        try await store.registerEnvironment("prextra", configFingerprint: nil)
        let jane = WebhookStoreFixture.jane
        try await store.enrolMailbox(environment: "prextra", address: jane)
        try await store.setWebhookDelivery(environment: "prextra", enabled: true)
        // Six tasks created in Outlook, then each edited: twelve events, two per record.
        let records = (1...6).map { RecordKey(.task, RecordID("T-\($0)")) }
        let changes: [OutlookRecordWrite.Change] = [
            .create(fields: ["subject": .text("New")], owners: [jane]), .update(set: ["subject": .text("Edited")], clear: []),
        ]
        for change in changes {
            for record in records {
                var work = UnitOfWork(environment: "prextra")
                work.applyOutlookChange(
                    OutlookRecordWrite(record: record, mailbox: jane, itemID: "AAMk-\(record.id)", change: change, expectedVersion: nil))
                _ = try await store.commit(work)
            }
        }
        // The receiver refuses T-1's creation once, and takes a while to answer each request.
        let receiver = WebhookReceiver(failures: 0, failingOnce: ["prextra:1"], delay: .milliseconds(150))
        let url = try await receiver.start()
        let workers = (0..<2).map { _ in
            WebhookDeliverer(
                url: url, signingSecret: Self.secret, store: store, environments: ["prextra"],
                backoff: WebhookBackoff(base: .seconds(2), maximum: .seconds(4)), pollInterval: .milliseconds(50))
        }
        let running = workers.map { worker in Task { try await worker.run() } }
        let deadline = ContinuousClock.now + .seconds(30)
        while receiver.accepted.count < 12, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        // The workers mark what the receiver accepted; cancelling them mid-write would leave an
        // entry undelivered (and due again), which is not what this test is about.
        while try await store.undeliveredWebhookCount(environment: "prextra") > 0, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        try await Task.sleep(for: .milliseconds(500))  // anything sent twice would arrive by now
        for task in running { task.cancel() }
        for task in running { _ = try? await task.value }
        await receiver.stop()

        let events = receiver.accepted.compactMap(\.eventID)
        #expect(events.count == 12 && Set(events).count == 12, "every event once: \(events)")
        for (index, record) in records.enumerated() {
            let mine = events.filter { ["prextra:\(index + 1)", "prextra:\(index + 7)"].contains($0) }
            #expect(mine == ["prextra:\(index + 1)", "prextra:\(index + 7)"], "\(record): created before edited, \(mine)")
        }
        #expect(receiver.mostInFlight > 1, "records are delivered in parallel")
        #expect(try await store.undeliveredWebhookCount(environment: "prextra") == 0)
        try store.close()
    }

    @Test("a signature older or newer than the tolerance is refused, whatever its HMAC")
    func signatureTimestampTolerance() {
        let body = Data(#"{"event":"x"}"#.utf8)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let fresh = WebhookSignature.header(body: body, timestamp: Int64(now.timeIntervalSince1970) - 60, secret: Self.secret)
        let stale = WebhookSignature.header(body: body, timestamp: Int64(now.timeIntervalSince1970) - 301, secret: Self.secret)
        let future = WebhookSignature.header(body: body, timestamp: Int64(now.timeIntervalSince1970) + 301, secret: Self.secret)
        #expect(WebhookSignature.verify(header: fresh, body: body, secret: Self.secret, now: now))
        #expect(!WebhookSignature.verify(header: stale, body: body, secret: Self.secret, now: now), "a replay")
        #expect(!WebhookSignature.verify(header: future, body: body, secret: Self.secret, now: now))
        #expect(WebhookSignature.verify(header: stale, body: body, secret: Self.secret, tolerance: 600, now: now))
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
