import Foundation
import HTTPTestSupport
import SyncEngine
import SyncStore
import Synchronization
import Testing

@testable import SyncAPI

/// Issue 13: the vendor hears of an onboarded environment and of an expiring credential through
/// the same signed, retried webhook as the Outlook changes.
@Suite("Service events through the webhook")
struct ServiceEventWebhookTests {
    static let secret = "whsec-test-0123456789abcdef"

    struct Facts: SyncOperations {
        var facts: [EnvironmentFacts]
        func requestSync(environment: String, mailbox: MailboxAddress?) async throws -> SyncRequestReceipt { throw CancellationError() }
        func verify(environment: String, mailbox: MailboxAddress?) async -> VerificationSummary {
            VerificationSummary(environment: environment, succeeded: true, checks: [], diagnostics: [])
        }
        func isReady() async -> Bool { true }
        func environmentFacts() async -> [EnvironmentFacts] { facts }
    }

    @Test("An expiring credential is announced at 30, 7 and 1 days and once expired, once per mark whatever the number of checks")
    func expiryMarks() async throws {
        let clock = ManualClock()
        let directory = try APIHarness.makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteSyncStore(path: directory.appendingPathComponent("state.sqlite").path, clock: clock.function)
        let expiry = clock.now.addingTimeInterval(40 * 86_400)
        let operations = Facts(facts: [
            EnvironmentFacts(name: "prextra", api: "graph", credentialExpiresOn: expiry, usesExchangeOnlineEWS: false),
            EnvironmentFacts(name: "autreClient", api: "ews", credentialExpiresOn: nil, usesExchangeOnlineEWS: false),
        ])
        // Two workers look at the same facts.
        let watches = (0..<2).map { _ in CredentialExpiryWatch(store: store, operations: operations, clock: clock.function) }
        var marks: [String] = []
        for day in 0...45 {
            for watch in watches { marks += try await watch.check().map(\.key) }
            clock.advance(by: day == 45 ? 0 : 86_400)
        }
        #expect(marks.map { $0.split(separator: ":").last.map(String.init) ?? "" } == ["30", "7", "1", "0"], "\(marks)")
        #expect(marks.allSatisfy { $0.hasPrefix("credential.expiring:prextra:") })
    }

    @Test("A service event is POSTed signed, with its type and id, and retried until accepted")
    func delivered() async throws {
        let clock = ManualClock()
        let directory = try APIHarness.makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteSyncStore(path: directory.appendingPathComponent("state.sqlite").path, clock: clock.function)
        let receiver = WebhookReceiver(failures: 1)
        let url = try await receiver.start()
        let served = ServedEnvironments([])
        let deliverer = WebhookDeliverer(url: url, signingSecret: Self.secret, store: store, served: served, clock: clock.function)
        try await store.queueServiceEvent(
            ServiceEventFactory.environmentOnboarded(
                environment: "contoso", tenantID: "11111111-1111-4111-8111-111111111111", applicationID: "22222222-2222-4222-8222-222222222222",
                api: "graph", credentialKind: "certificate", credentialExpiresAt: clock.now.addingTimeInterval(730 * 86_400),
                mailbox: "alice@contoso.example", at: clock.now))
        #expect(try await deliverer.deliverDue().failed == 1)
        clock.advance(by: 60)
        #expect(try await deliverer.deliverDue().delivered == 1)
        await receiver.stop()
        let received = try #require(receiver.accepted.first)
        #expect(received.eventType == "environment.onboarded" && received.eventID?.hasPrefix("service:") == true)
        #expect(WebhookSignature.verify(header: received.signature ?? "", body: received.body, secret: Self.secret, now: clock.now))
        let json = try #require(try JSONSerialization.jsonObject(with: received.body) as? [String: Any])
        #expect(json["type"] as? String == "environment.onboarded" && json["environment"] as? String == "contoso")
        let data = try #require(json["data"] as? [String: Any])
        #expect(data["tenantId"] as? String == "11111111-1111-4111-8111-111111111111" && data["credential"] as? String == "certificate")
        #expect(data["mailbox"] as? String == "alice@contoso.example")
        #expect(try await store.serviceEvents(limit: 1).first?.deliveredAt != nil)
    }

    @Test("An environment served after the deliverer started has its Outlook changes delivered too")
    func environmentAddedLater() async throws {
        let directory = try APIHarness.makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteSyncStore(path: directory.appendingPathComponent("state.sqlite").path)
        let receiver = WebhookReceiver(failures: 0)
        let url = try await receiver.start()
        let served = ServedEnvironments(["prextra"])
        try await store.registerEnvironment("prextra", configFingerprint: nil)
        let deliverer = WebhookDeliverer(url: url, signingSecret: Self.secret, store: store, served: served)
        _ = try await deliverer.deliverDue()

        // A customer onboards contoso; the service registers it and the API serves it.
        try await store.registerEnvironment("contoso", configFingerprint: nil)
        served.add("contoso")
        _ = try await deliverer.deliverDue()
        let alice = MailboxAddress("alice@contoso.example")
        try await store.enrolMailbox(environment: "contoso", address: alice)
        try await store.upsertRecord(environment: "contoso", record: RecordKey(.task, "T-1"), fields: ["subject": .text("x")], owners: [alice], ifMatch: nil)
        var work = UnitOfWork(environment: "contoso")
        work.applyOutlookChange(
            OutlookRecordWrite(
                record: RecordKey(.task, "T-1"), mailbox: alice, itemID: "AAMk1", change: .update(set: ["subject": .text("Edited")], clear: []),
                expectedVersion: nil))
        _ = try await store.commit(work)
        #expect(try await deliverer.deliverDue().delivered == 1)
        await receiver.stop()
        #expect(receiver.accepted.first?.eventType == "outlook.change")
    }
}
