import Foundation
import SyncEngine
import Testing
@testable import SyncStore

/// E-mail records on both stores: one per environment and InternetMessageId, mailboxes gathered
/// across sightings, idempotent writes, and a feed ordered by change.
@Suite("Tracked e-mails")
struct TrackedEmailStoreTests {
    static let alice: MailboxAddress = "alice@contoso.com"
    static let bob: MailboxAddress = "bob@contoso.com"

    static func email(_ id: String, seenIn mailbox: MailboxAddress, conversation: String = "CONV-1") -> TrackedEmail {
        TrackedEmail(
            internetMessageID: InternetMessageID(id)!, conversationID: conversation, from: EmailParticipant(address: "client@fabrikam.com"),
            to: [EmailParticipant(name: "Alice", address: mailbox.rawValue)], subject: "Quote", sentAt: Date(timeIntervalSince1970: 1_767_225_600),
            direction: .inbound, body: "Hello", mailboxes: [mailbox], matchedContacts: [RecordID(rawValue: "contact-1")],
            reason: .matchedContact)
    }

    @Test("One message seen in two mailboxes is one record with both; a replayed page changes nothing", arguments: StoreKind.underTest)
    func oneRecordPerInternetMessageId(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let clock = TestClock()
        let store = try await Fixture.seededStore(in: location, clock: clock)
        try await store.registerEnvironment("contoso", configFingerprint: "sha256:contoso")
        let now = clock.now
        let message = Self.email("<m1@fabrikam.com>", seenIn: Self.alice)

        guard case .created(let created) = try await store.recordTrackedEmail(message, environment: "contoso", at: now) else {
            Issue.record("the first write creates the record")
            return
        }
        #expect(created.recordID == RecordID(rawValue: "email-1"))
        #expect(created.isCreation)
        #expect(created.fields["subject"] == .text("Quote"))
        #expect(created.fields["matchedContacts"] == .list([.text("contact-1")]))

        // The same message read from Bob's Inbox: planned as a sighting, or as a track when the two
        // mailboxes were read apart; either way the record gains Bob, once.
        guard case .updated(let sighted) = try await store.addEmailSighting(
            InternetMessageID("<m1@fabrikam.com>")!, mailbox: Self.bob, environment: "contoso", at: now.addingTimeInterval(5))
        else {
            Issue.record("a sighting in another mailbox updates the record")
            return
        }
        #expect(sighted.mailboxes == [Self.alice, Self.bob])
        #expect(sighted.version == 2 && !sighted.isCreation)
        #expect(sighted.fields["mailboxes"] == .list([.text("alice@contoso.com"), .text("bob@contoso.com")]))
        #expect(try await store.recordTrackedEmail(Self.email("<m1@fabrikam.com>", seenIn: Self.bob), environment: "contoso", at: now)
            == .unchanged(sighted))
        #expect(try await store.addEmailSighting(InternetMessageID("<m1@fabrikam.com>")!, mailbox: Self.alice, environment: "contoso", at: now)
            == .unchanged(sighted))
        #expect(try await store.addEmailSighting(InternetMessageID("<nope@x.org>")!, mailbox: Self.alice, environment: "contoso", at: now)
            == .unknown)

        let read = try #require(try await store.trackedEmail(InternetMessageID("<m1@fabrikam.com>")!, environment: "contoso"))
        #expect(read.mailboxes == [Self.alice, Self.bob])
        #expect(read.fields == sighted.fields, "the fields read back are the ones written")
        #expect(try await store.trackedEmail(InternetMessageID("<m1@fabrikam.com>")!, environment: "fabrikam") == nil)
    }

    @Test("The feed lists each record once, at its last change; the ledger gives the planner mailboxes and threads", arguments: StoreKind.underTest)
    func feedAndLedger(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let clock = TestClock()
        let store = try await Fixture.seededStore(in: location, clock: clock)
        try await store.registerEnvironment("contoso", configFingerprint: "sha256:contoso")
        try await store.registerEnvironment("fabrikam", configFingerprint: "sha256:fabrikam")
        let now = clock.now
        _ = try await store.recordTrackedEmail(Self.email("<a@x.org>", seenIn: Self.alice, conversation: "C-A"), environment: "contoso", at: now)
        _ = try await store.recordTrackedEmail(Self.email("<b@x.org>", seenIn: Self.alice, conversation: "C-B"), environment: "contoso", at: now)
        _ = try await store.recordTrackedEmail(Self.email("<a@x.org>", seenIn: Self.bob, conversation: "C-A"), environment: "contoso", at: now)
        _ = try await store.recordTrackedEmail(Self.email("<c@x.org>", seenIn: Self.bob), environment: "fabrikam", at: now)

        let feed = try await store.trackedEmails(environment: "contoso", after: 0, limit: 10)
        #expect(feed.map(\.internetMessageID) == ["<b@x.org>", "<a@x.org>"], "a record moves to the end of the feed when it changes")
        #expect(feed.map(\.recordID.rawValue) == ["email-2", "email-1"])
        #expect(feed.map(\.isCreation) == [true, false])
        let last = try #require(feed.last?.position)
        #expect(try await store.trackedEmails(environment: "contoso", after: last, limit: 10).isEmpty)
        #expect(try await store.trackedEmails(environment: "contoso", after: 0, limit: 1).count == 1)
        #expect(try await store.trackedEmails(environment: "fabrikam", after: 0, limit: 10).map(\.recordID.rawValue) == ["email-1"])

        let ledger = try await store.trackedEmailLedger(environment: "contoso")
        #expect(ledger.entry(for: InternetMessageID("<a@x.org>")!) == .init(mailboxes: [Self.alice, Self.bob], conversationID: "C-A"))
        #expect(ledger.entries.count == 2)
        // The ledger read back makes the planner follow the thread in a later cycle.
        let reply = ObservedEmail(
            mailbox: Self.alice, folder: .inbox, internetMessageID: InternetMessageID("<reply@x.org>"), inReplyTo: InternetMessageID("<b@x.org>"),
            from: EmailParticipant(address: "someone@x.org"))
        let plan = EmailTrackingPlanner(rules: EmailTrackingRules(mode: .repliesToTracked), contacts: EmailContactDirectory(), enrolledMailboxes: [])
            .plan([reply], ledger: ledger)
        #expect(plan.trackedEmails.map(\.internetMessageID.rawValue) == ["<reply@x.org>"])
    }

    @Test(
        "Each change of a record is an entry of the Outlook change feed, in the same transaction, and a webhook when the environment delivers them",
        arguments: StoreKind.underTest)
    func changeFeedEntries(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let clock = TestClock()
        let store = try await Fixture.seededStore(in: location, clock: clock)
        try await store.registerEnvironment("contoso", configFingerprint: "sha256:contoso")
        try await store.setWebhookDelivery(environment: "contoso", enabled: true)
        let now = clock.now
        let message = Self.email("<m1@fabrikam.com>", seenIn: Self.alice)
        _ = try await store.recordTrackedEmail(message, environment: "contoso", at: now)
        _ = try await store.addEmailSighting(message.internetMessageID, mailbox: Self.bob, environment: "contoso", at: now)
        // Replays change nothing, so they add no entry.
        _ = try await store.recordTrackedEmail(message, environment: "contoso", at: now)
        _ = try await store.addEmailSighting(message.internetMessageID, mailbox: Self.bob, environment: "contoso", at: now)

        let page = try await store.outlookChanges(environment: "contoso", after: .start, limit: 10)
        #expect(page.changes.map(\.kind) == [.email, .email])
        #expect(page.changes.map(\.recordID.rawValue) == ["email-1", "email-1"])
        #expect(page.changes.map(\.record) == [nil, nil], "an e-mail is not a two-way record")
        #expect(page.changes.map(\.operation) == [.created, .updated])
        #expect(page.changes.map(\.mailbox) == [Self.alice, Self.bob])
        #expect(page.changes.map(\.recordVersion.rawValue) == [1, 2])
        #expect(page.changes.allSatisfy { $0.itemID == nil && $0.clearedFields.isEmpty })
        let created = try #require(page.changes.first)
        #expect(created.fields == message.fields, "the created entry carries the whole record as first seen")
        #expect(page.changes.last?.fields == ["mailboxes": .list([.text("alice@contoso.com"), .text("bob@contoso.com")])])

        let deliveries = try await store.claimDueWebhookDeliveries(environment: "contoso", limit: 10, claimFor: .seconds(60))
        #expect(deliveries.map(\.change.position) == [created.position], "the second waits for the first of the same record")
        #expect(deliveries.first?.change.kind == .email)

        // A record that cannot reach the feed is not written either.
        await #expect(throws: SyncStoreError.self) {
            try await store.recordTrackedEmail(Self.email("<m2@fabrikam.com>", seenIn: Self.alice), environment: "nowhere", at: now)
        }
        #expect(try await store.trackedEmail(InternetMessageID("<m2@fabrikam.com>")!, environment: "nowhere") == nil)
        #expect(try await store.trackedEmail(record: RecordID(rawValue: "email-1"), environment: "contoso")?.internetMessageID == "<m1@fabrikam.com>")
        #expect(try await store.trackedEmail(record: RecordID(rawValue: "email-9"), environment: "contoso") == nil)
    }
}
