import Foundation
import HTTPTestSupport
import SyncEngine
import SyncStore
import Testing

@testable import SyncAPI

/// `…/emails`: the e-mails tracked from Outlook, each once, at its last change, paged by a cursor;
/// `…/emails/{id}`: one of them; and their entries in the Outlook change feed and its webhooks.
@Suite("Tracked e-mails over the API")
struct TrackedEmailRouteTests {
    static func email(_ id: String, in mailbox: MailboxAddress) -> TrackedEmail {
        TrackedEmail(
            internetMessageID: InternetMessageID(id)!, inReplyTo: nil, conversationID: "CONV",
            from: EmailParticipant(name: "Client", address: "client@fabrikam.example"), to: [EmailParticipant(address: mailbox.rawValue)],
            subject: "Quote \(id)", sentAt: Date(timeIntervalSince1970: 1_767_225_600), direction: .inbound, body: "Hello",
            bodyTruncated: false, mailboxes: [mailbox], matchedContacts: [RecordID(rawValue: "C-1")], reason: .matchedContact)
    }

    @Test("created, then updated when seen in a second mailbox; paged with after and limit")
    func feedOfTrackedEmails() async throws {
        let api = try await APIHarness.start()
        defer { api.remove() }
        let jane = MailboxAddress("jane@prextra.example"), paul = MailboxAddress("paul@prextra.example")
        _ = try await api.store.recordTrackedEmail(Self.email("<a@fabrikam.example>", in: jane), environment: "prextra", at: Date())
        _ = try await api.store.recordTrackedEmail(Self.email("<b@fabrikam.example>", in: jane), environment: "prextra", at: Date())
        _ = try await api.store.addEmailSighting(InternetMessageID("<a@fabrikam.example>")!, mailbox: paul, environment: "prextra", at: Date())

        let all = try await api.request(.GET, "/v1/environments/prextra/emails")
        #expect(all.status == 200)
        let emails = try #require(all.json["emails"] as? [[String: Any]])
        #expect(emails.compactMap { $0["internetMessageId"] as? String } == ["<b@fabrikam.example>", "<a@fabrikam.example>"])
        #expect(emails.compactMap { $0["change"] as? String } == ["created", "updated"])
        #expect(emails.last?["mailboxes"] as? [String] == ["jane@prextra.example", "paul@prextra.example"])
        let fields = try #require(emails.first?["fields"] as? [String: Any])
        #expect(fields["subject"] as? String == "Quote <b@fabrikam.example>")
        #expect(fields["matchedContacts"] as? [String] == ["C-1"])
        #expect((fields["from"] as? [String: Any])?["address"] as? String == "client@fabrikam.example")
        #expect(all.json["hasMore"] as? Bool == false)

        let first = try await api.request(.GET, "/v1/environments/prextra/emails?limit=1")
        #expect(first.json["hasMore"] as? Bool == true)
        let next = try #require(first.json["next"] as? String)
        let rest = try await api.request(.GET, "/v1/environments/prextra/emails?after=\(next)")
        #expect((rest.json["emails"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["email-1"])
        #expect(rest.json["hasMore"] as? Bool == false)
        let end = try await api.request(.GET, "/v1/environments/prextra/emails?after=\(rest.json["next"] as? String ?? "")")
        #expect((end.json["emails"] as? [Any])?.isEmpty == true)

        #expect(try await api.request(.GET, "/v1/environments/prextra/emails?limit=0").status == 400)
        #expect(try await api.request(.GET, "/v1/environments/nowhere/emails").status == 404)
    }

    @Test("A tracked e-mail is in the change feed (created, then updated with its mailboxes), readable by id, and sent by webhook")
    func inTheChangeFeedAndWebhooks() async throws {
        let api = try await APIHarness.start()
        defer { api.remove() }
        let jane = MailboxAddress("jane@prextra.example"), paul = MailboxAddress("paul@prextra.example")
        let receiver = WebhookReceiver(failures: 0)
        let url = try await receiver.start()
        let deliverer = WebhookDeliverer(url: url, signingSecret: "whsec-email-0123456789", store: api.store, environments: ["prextra"])
        try await deliverer.enableOutbox()
        let message = Self.email("<a@fabrikam.example>", in: jane)
        _ = try await api.store.recordTrackedEmail(message, environment: "prextra", at: Date())
        _ = try await api.store.addEmailSighting(message.internetMessageID, mailbox: paul, environment: "prextra", at: Date())

        let feed = try await api.request(.GET, "/v1/environments/prextra/changes")
        #expect(feed.status == 200)
        let changes = try #require(feed.json["changes"] as? [[String: Any]])
        #expect(changes.compactMap { $0["entity"] as? String } == ["email", "email"])
        #expect(changes.compactMap { $0["id"] as? String } == ["email-1", "email-1"])
        #expect(changes.compactMap { $0["operation"] as? String } == ["created", "updated"])
        #expect(changes.compactMap { $0["mailbox"] as? String } == [jane.rawValue, paul.rawValue])
        #expect(changes.compactMap { $0["version"] as? Int } == [1, 2])
        #expect(changes.allSatisfy { $0["itemId"] is NSNull })
        let created = try #require(changes.first?["fields"] as? [String: Any])
        #expect(created["internetMessageId"] as? String == "<a@fabrikam.example>")
        #expect(created["subject"] as? String == "Quote <a@fabrikam.example>")
        #expect(created["matchedContacts"] as? [String] == ["C-1"])
        #expect(created["sentAt"] as? String == "2026-01-01T00:00:00Z")
        let updated = try #require(changes.last?["fields"] as? [String: Any])
        #expect(Set(updated.keys) == ["mailboxes"])
        #expect(updated["mailboxes"] as? [String] == [jane.rawValue, paul.rawValue])

        let record = try await api.request(.GET, "/v1/environments/prextra/emails/email-1")
        #expect(record.status == 200)
        #expect(record.json["internetMessageId"] as? String == "<a@fabrikam.example>")
        #expect(record.json["mailboxes"] as? [String] == [jane.rawValue, paul.rawValue])
        #expect(record.json["version"] as? Int == 2)
        let missing = try await api.request(.GET, "/v1/environments/prextra/emails/email-404")
        #expect(missing.status == 404)
        #expect(missing.json["field"] as? String == "id")
        // The ERP cannot write e-mail records: there is no such route.
        #expect(try await api.request(.PUT, "/v1/environments/prextra/emails/email-1", body: #"{"fields": {}, "owners": []}"#).status >= 400)

        // Webhooks: one per entry, in order (the second waits for the first of the same record).
        var delivered = 0
        for _ in 0..<3 { delivered += try await deliverer.deliverDue().delivered }
        #expect(delivered == 2)
        let bodies = receiver.accepted.compactMap { try? JSONSerialization.jsonObject(with: $0.body) as? [String: Any] }
        let sent = bodies.compactMap { $0["change"] as? [String: Any] }
        #expect(sent.compactMap { $0["entity"] as? String } == ["email", "email"])
        #expect(sent.compactMap { $0["operation"] as? String } == ["created", "updated"])
    }
}
