import Foundation
import HTTPTestSupport
import SyncAPI
import SyncEngine
import SyncStore
import Testing

/// A signed webhook payload never follows a redirect to another origin (issue 18, item 1).
@Suite("Webhooks and redirects")
struct WebhookRedirectTests {
    @Test("A receiver answering 307 or 308 gets the event once; nothing reaches the target; the event stays undelivered", arguments: [307, 308])
    func redirectNotFollowed(status: Int) async throws {
        let clock = ManualClock()
        let directory = try APIHarness.makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try await WebhookStoreFixture.store(in: directory, clock: clock)
        let elsewhere = try await MisbehavingHTTPServer.start(.answer("{}"))
        let receiver = try await MisbehavingHTTPServer.start(.redirect(status: status, target: elsewhere.baseURL.absoluteString))
        let deliverer = WebhookDeliverer(
            url: receiver.baseURL.appendingPathComponent("hooks"), signingSecret: "webhook-signing-secret-0123456789",
            store: store, environments: ["prextra"], requestTimeout: .seconds(5), clock: clock.function)
        try await deliverer.enableOutbox()
        try await WebhookStoreFixture.deleteTaskInOutlook(store)
        let pass = try await deliverer.deliverDue()
        let reached = (receiver: receiver.received.count, elsewhere: elsewhere.received.count)
        await receiver.stop()
        await elsewhere.stop()
        #expect(pass.failed == 1)
        #expect(reached.receiver == 1)
        #expect(reached.elsewhere == 0)
        let delivery = try await store.webhookDelivery(environment: "prextra", position: FeedPosition(1))
        #expect(delivery?.lastError?.contains("never redirected") == true, "\(delivery?.lastError ?? "")")
        try store.close()
    }
}
