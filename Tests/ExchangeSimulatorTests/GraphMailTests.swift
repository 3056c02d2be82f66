import ExchangeSimulator
import Foundation
import Testing

/// Mail through Graph: `sendMail` goes through the same transport as EWS, and
/// `mailFolders/{id}/messages/delta` reads Inbox and Sent Items with `$select`.
@Suite("Graph mail")
struct GraphMailTests {
    static let roles = SimulatorHarness.graphRoles + ["Mail.Send"]
    static let select = "$select=internetMessageId,subject,from,toRecipients,conversationId,sentDateTime,receivedDateTime,internetMessageHeaders"

    static func sendMail(to address: String, subject: String) -> String {
        """
        { "message": { "subject": "\(subject)", "body": { "contentType": "Text", "content": "Hello" },
          "toRecipients": [ { "emailAddress": { "address": "\(address)" } } ] }, "saveToSentItems": true }
        """
    }

    /// All entries of a delta round from its first request, and the deltaLink it ends with.
    static func round(_ harness: SimulatorHarness, _ path: String) async throws -> (values: [GraphJSON], deltaLink: String) {
        var response = try await harness.graph(.GET, path, roles: roles)
        var values: [GraphJSON] = []
        while true {
            #expect(response.status == 200, "\(response.text)")
            values += response.value
            guard let next = response["@odata.nextLink"]?.stringValue else { break }
            response = try await harness.graphLink(next)
        }
        return (values, try #require(response["@odata.deltaLink"]?.stringValue))
    }

    @Test func sentMailIsInTheSendersSentItemsAndTheRecipientsInboxWithOneInternetMessageId() async throws {
        try await SimulatorHarness.with { harness in
            let sent = try await harness.graph(
                .POST, "/users/alice@contoso.example/sendMail", body: Self.sendMail(to: SimulatorHarness.bob, subject: "Quote"), roles: Self.roles)
            #expect(sent.status == 202, "\(sent.text)")
            #expect(sent.text.isEmpty)

            let inbox = try await Self.round(harness, "/users/bob@contoso.example/mailFolders/inbox/messages/delta?\(Self.select)")
            let outbox = try await Self.round(harness, "/users/alice@contoso.example/mailFolders/sentitems/messages/delta?\(Self.select)")
            let received = try #require(inbox.values.first)
            let copy = try #require(outbox.values.first)
            #expect(inbox.values.count == 1 && outbox.values.count == 1)
            let id = try #require(received["internetMessageId"]?.stringValue)
            #expect(copy["internetMessageId"]?.stringValue == id)
            #expect(received["conversationId"]?.stringValue == copy["conversationId"]?.stringValue)
            #expect(received["from"]?["emailAddress"]?["address"]?.stringValue == SimulatorHarness.alice)
            #expect(received["body"] == nil, "$select leaves out what it does not name")
            #expect(received["isRead"] == nil)

            // Steady state: one request per folder, nothing new.
            let again = try await harness.graphLink(inbox.deltaLink)
            #expect(again.status == 200)
            #expect(again.value.isEmpty)
            #expect(again["@odata.deltaLink"]?.stringValue != nil)
        }
    }

    @Test("sendMail takes its parameters as the CSDL names them (Message, SaveToSentItems), as the SDKs send them")
    func sendMailParametersInTheCSDLsCase() async throws {
        try await SimulatorHarness.with { harness in
            let body = """
                { "Message": { "subject": "Pascal", "toRecipients": [ { "emailAddress": { "address": "\(SimulatorHarness.bob)" } } ] },
                  "SaveToSentItems": false }
                """
            let sent = try await harness.graph(.POST, "/users/alice@contoso.example/sendMail", body: body, roles: Self.roles)
            #expect(sent.status == 202, "\(sent.text)")
            #expect(try harness.exchange.items(in: SimulatorHarness.bob, folder: "inbox").map(\.subject) == ["Pascal"])
            #expect(try harness.exchange.items(in: SimulatorHarness.alice, folder: "sentitems").isEmpty, "SaveToSentItems false keeps no copy")
            let empty = try await harness.graph(.POST, "/users/alice@contoso.example/sendMail", body: "{}", roles: Self.roles)
            #expect(empty.status == 400)
        }
    }

    @Test func aReplyFromOutsideCarriesItsInReplyToHeaderWhenSelected() async throws {
        try await SimulatorHarness.with { harness in
            try harness.exchange.deliverInbound(
                .init(from: .init(address: "client@outside.example"), to: [.init(address: SimulatorHarness.alice)], subject: "RE: Quote",
                      internetMessageId: "<r1@outside.example>", inReplyTo: "<q1@contoso.example>", references: "<q1@contoso.example>"),
                to: SimulatorHarness.alice)
            let inbox = try await Self.round(harness, "/users/alice@contoso.example/mailFolders/inbox/messages/delta?\(Self.select)")
            let headers = try #require(inbox.values.first?["internetMessageHeaders"]?.arrayValue)
            #expect(headers.contains { $0["name"]?.stringValue == "In-Reply-To" && $0["value"]?.stringValue == "<q1@contoso.example>" })
            #expect(headers.contains { $0["name"]?.stringValue == "References" })

            let plain = try await Self.round(harness, "/users/alice@contoso.example/mailFolders/inbox/messages/delta?$select=subject")
            #expect(plain.values.first?["internetMessageHeaders"] == nil)
        }
    }

    @Test("the first request's $select holds on every page and in the next round, as Graph keeps it in its links")
    func selectHoldsAcrossPagesAndRounds() async throws {
        try await SimulatorHarness.with { harness in
            for index in 0..<3 {
                try harness.exchange.deliverInbound(
                    .init(from: .init(address: "client@outside.example"), to: [.init(address: SimulatorHarness.alice)], subject: "M\(index)"),
                    to: SimulatorHarness.alice)
            }
            let first = try await harness.graph(
                .GET, "/users/alice@contoso.example/mailFolders/inbox/messages/delta?$select=subject",
                headers: ["Prefer": "odata.maxpagesize=2"], roles: Self.roles)
            let next = try #require(first["@odata.nextLink"]?.stringValue)
            let second = try await harness.graphLink(next)
            #expect((first.value + second.value).map { $0["subject"]?.stringValue } == ["M0", "M1", "M2"])
            #expect((first.value + second.value).allSatisfy { $0["body"] == nil && $0["from"] == nil }, "\(second.text)")
            try harness.exchange.deliverInbound(
                .init(from: .init(address: "client@outside.example"), to: [.init(address: SimulatorHarness.alice)], subject: "M3"),
                to: SimulatorHarness.alice)
            let round = try await harness.graphLink(try #require(second["@odata.deltaLink"]?.stringValue))
            #expect(round.value.map { $0["subject"]?.stringValue } == ["M3"])
            #expect(round.value.first?["body"] == nil)
        }
    }

    @Test func theFirstRoundReadsOnlyTheWindowItIsFilteredTo() async throws {
        try await SimulatorHarness.with { harness in
            try harness.exchange.deliverInbound(
                .init(from: .init(address: "client@outside.example"), to: [.init(address: SimulatorHarness.alice)], subject: "Now"),
                to: SimulatorHarness.alice)
            let past = try await Self.round(
                harness, "/users/alice@contoso.example/mailFolders/inbox/messages/delta?$select=subject&$filter=receivedDateTime%20ge%202020-01-01T00:00:00Z")
            #expect(past.values.map { $0["subject"]?.stringValue } == ["Now"])
            let future = try await Self.round(
                harness, "/users/alice@contoso.example/mailFolders/inbox/messages/delta?$select=subject&$filter=receivedDateTime%20ge%202100-01-01T00:00:00Z")
            #expect(future.values.isEmpty)
            let unsupported = try await harness.graph(
                .GET, "/users/alice@contoso.example/mailFolders/inbox/messages/delta?$filter=subject%20eq%20'Now'", roles: Self.roles)
            #expect(unsupported.status == 400)
        }
    }

    @Test func messageDeltaNeedsMailReadAndSendMailNeedsMailSend() async throws {
        try await SimulatorHarness.with { harness in
            let withoutMail = SimulatorHarness.graphRoles.filter { $0 != "Mail.Read" }
            let delta = try await harness.graph(.GET, "/users/alice@contoso.example/mailFolders/inbox/messages/delta", roles: withoutMail)
            #expect(delta.status == 403)
            let send = try await harness.graph(
                .POST, "/users/alice@contoso.example/sendMail", body: Self.sendMail(to: SimulatorHarness.bob, subject: "x"),
                roles: SimulatorHarness.graphRoles)
            #expect(send.status == 403)
            #expect(try harness.exchange.items(in: SimulatorHarness.bob, folder: "inbox").isEmpty)
        }
    }
}
