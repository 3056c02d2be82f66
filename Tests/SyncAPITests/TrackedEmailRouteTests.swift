import Foundation
import SyncEngine
import SyncStore
import Testing

/// `…/emails`: the e-mails tracked from Outlook, each once, at its last change, paged by a cursor.
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
}
