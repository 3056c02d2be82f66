import AsyncHTTPClient
import ExchangeSimulator
import Foundation
import NIOCore
import NIOHTTP1
import Testing

/// Sending and receiving mail: a sent message gets an InternetMessageId, lands in Sent Items and
/// in the Inboxes of recipients that are mailboxes; mail from outside arrives through the control API.
@Suite("Mail transport")
struct MailTransportTests {
    static func send(to recipients: [String], bcc: [String] = [], subject: String, disposition: String = "SendAndSaveCopy", inReplyTo: String? = nil)
        -> String
    {
        let to = recipients.map { "<t:Mailbox><t:EmailAddress>\($0)</t:EmailAddress></t:Mailbox>" }.joined()
        let hidden = bcc.isEmpty ? "" : "<t:BccRecipients>" + bcc.map { "<t:Mailbox><t:EmailAddress>\($0)</t:EmailAddress></t:Mailbox>" }.joined() + "</t:BccRecipients>"
        let reply = inReplyTo.map { "<t:InReplyTo>\($0)</t:InReplyTo>" } ?? ""
        return """
            <m:CreateItem MessageDisposition="\(disposition)"><m:SavedItemFolderId><t:DistinguishedFolderId Id="sentitems"/></m:SavedItemFolderId>\
            <m:Items><t:Message><t:Subject>\(subject)</t:Subject><t:Body BodyType="Text">Hello</t:Body>\(reply)\
            <t:ToRecipients>\(to)</t:ToRecipients>\(hidden)</t:Message></m:Items></m:CreateItem>
            """
    }

    static let mailProperties = """
        <t:FieldURI FieldURI="message:InternetMessageId"/><t:FieldURI FieldURI="item:InReplyTo"/>\
        <t:FieldURI FieldURI="item:ConversationId"/><t:FieldURI FieldURI="message:From"/><t:FieldURI FieldURI="message:IsRead"/>\
        <t:FieldURI FieldURI="message:BccRecipients"/><t:FieldURI FieldURI="item:DateTimeSent"/><t:FieldURI FieldURI="message:References"/>
        """

    /// The only message of `folder` in `mailbox`, read through EWS GetItem with the tracking properties.
    static func onlyMessage(_ harness: SimulatorHarness, _ mailbox: String, _ folder: String) async throws -> XMLElementNode {
        let items = try harness.exchange.items(in: mailbox, folder: folder)
        #expect(items.count == 1, "\(folder) of \(mailbox) holds \(items.count) items")
        let id = try #require(items.first?.id)
        let response = try await harness.ews(ItemOperationTests.getItem(id, shape: "IdOnly", additional: mailProperties), mailbox: mailbox)
        return try #require(response.messages.first?.descendant("Items", "Message"))
    }

    @Test func sendAndSaveCopyStampsTheMessageSavesItAndDeliversItToRecipientMailboxes() async throws {
        try await SimulatorHarness.with { harness in
            let bob = SimulatorHarness.bob
            let response = try await harness.ews(Self.send(to: [bob, "client@outside.example"], bcc: ["carol@contoso.example"], subject: "Quote"))
            let message = try #require(response.messages.first)
            #expect(message[attribute: "ResponseClass"] == "Success")
            #expect(message.child("Items")?.children.isEmpty == true, "Exchange returns no id for a sent message")

            let sent = try await Self.onlyMessage(harness, SimulatorHarness.alice, "sentitems")
            let received = try await Self.onlyMessage(harness, bob, "inbox")
            let id = try #require(sent.child("InternetMessageId")?.text)
            #expect(id.hasPrefix("<") && id.hasSuffix("@contoso.example>"))
            #expect(received.child("InternetMessageId")?.text == id)
            #expect(received.child("ConversationId")?[attribute: "Id"] == sent.child("ConversationId")?[attribute: "Id"])
            #expect(received.descendant("From", "Mailbox", "EmailAddress")?.text == SimulatorHarness.alice)
            #expect(sent.child("IsRead")?.text == "true")
            #expect(received.child("IsRead")?.text == "false")
            #expect(received.child("BccRecipients") == nil, "a recipient never sees the Bcc line")
            #expect(sent.child("DateTimeSent") != nil)
        }
    }

    @Test func sendOnlyDeliversWithoutASavedCopy() async throws {
        try await SimulatorHarness.with { harness in
            let response = try await harness.ews(Self.send(to: [SimulatorHarness.bob], subject: "No copy", disposition: "SendOnly"))
            #expect(response.messages.first?[attribute: "ResponseClass"] == "Success")
            #expect(try harness.exchange.items(in: SimulatorHarness.alice, folder: "sentitems").isEmpty)
            #expect(try harness.exchange.items(in: SimulatorHarness.bob, folder: "inbox").map(\.subject) == ["No copy"])
        }
    }

    @Test func aMessageWithoutRecipientsIsRefused() async throws {
        try await SimulatorHarness.with { harness in
            let response = try await harness.ews(Self.send(to: [], subject: "Nobody"))
            #expect(response.messages.first?.child("ResponseCode")?.text == "ErrorInvalidRecipients")
            #expect(try harness.exchange.items(in: SimulatorHarness.alice, folder: "sentitems").isEmpty)
        }
    }

    @Test func aReplyFromOutsideArrivesWithItsHeadersInTheConversationOfTheMessageItAnswers() async throws {
        try await SimulatorHarness.with { harness in
            _ = try await harness.ews(Self.send(to: ["client@outside.example"], subject: "Quote"))
            let sent = try await Self.onlyMessage(harness, SimulatorHarness.alice, "sentitems")
            let sentId = try #require(sent.child("InternetMessageId")?.text)
            let inbound = SimulatedExchange.InboundMessage(
                from: .init(name: "Client", address: "client@outside.example"), to: [.init(address: SimulatorHarness.alice)],
                subject: "RE: Quote", body: "Agreed", internetMessageId: "<reply-1@outside.example>", inReplyTo: sentId,
                references: sentId, sentAt: "2026-12-01T09:30:00Z")
            let payload = String(decoding: try JSONEncoder().encode(inbound), as: UTF8.self)
            var request = HTTPClientRequest(url: harness.baseURL.absoluteString + "/control/mailboxes/alice%40contoso.example/messages")
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: payload))
            let answer = try await harness.client.execute(request, timeout: .seconds(30))
            #expect(answer.status == .ok)

            let received = try await Self.onlyMessage(harness, SimulatorHarness.alice, "inbox")
            #expect(received.child("InternetMessageId")?.text == "<reply-1@outside.example>")
            #expect(received.child("InReplyTo")?.text == sentId)
            #expect(received.child("References")?.text == sentId)
            #expect(received.child("DateTimeSent")?.text == "2026-12-01T09:30:00Z")
            #expect(received.child("ConversationId")?[attribute: "Id"] == sent.child("ConversationId")?[attribute: "Id"])

            var unknown = request
            unknown.url = harness.baseURL.absoluteString + "/control/mailboxes/nobody%40contoso.example/messages"
            #expect(try await harness.client.execute(unknown, timeout: .seconds(30)).status == .notFound)
        }
    }

    @Test func inboundSyncsThroughSyncFolderItemsOnTheInbox() async throws {
        try await SimulatorHarness.with { harness in
            let first = try SyncFolderItemsTests.page(try await harness.ews(SyncFolderItemsTests.sync("inbox", state: nil, max: 512)))
            try harness.exchange.deliverInbound(
                .init(from: .init(address: "client@outside.example"), to: [.init(address: SimulatorHarness.alice)], subject: "Hi"),
                to: SimulatorHarness.alice)
            let next = try SyncFolderItemsTests.page(try await harness.ews(SyncFolderItemsTests.sync("inbox", state: first.state, max: 512)))
            #expect(next.changes.map(\.0) == ["Create"])
            #expect(next.includesLast)
        }
    }
}
