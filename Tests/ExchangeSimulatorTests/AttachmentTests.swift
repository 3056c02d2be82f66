import Foundation
import Testing

@testable import ExchangeSimulator

/// File attachments in the one mailbox store: sent through EWS `CreateItem` (as exchangelib sends
/// them, inside the `t:Message`) or Graph `sendMail`, delivered from outside through the control
/// API, copied to recipients' Inboxes, and read back as metadata only: EWS `item:Attachments`
/// (schema-validated by the harness) and Graph `messages/{id}/attachments` (checked against the CSDL).
@Suite("Attachments")
struct AttachmentTests {
    static let quote = Data("%PDF-1.7 quote".utf8)
    static let logo = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00])

    static func sendWithAttachments(to recipient: String) -> String {
        """
        <m:CreateItem MessageDisposition="SendAndSaveCopy"><m:SavedItemFolderId><t:DistinguishedFolderId Id="sentitems"/></m:SavedItemFolderId>\
        <m:Items><t:Message><t:Subject>Quote</t:Subject><t:Body BodyType="Text">Attached.</t:Body>\
        <t:Attachments>\
        <t:FileAttachment><t:Name>quote.pdf</t:Name><t:ContentType>application/pdf</t:ContentType><t:IsInline>false</t:IsInline>\
        <t:IsContactPhoto>false</t:IsContactPhoto><t:Content>\(quote.base64EncodedString())</t:Content></t:FileAttachment>\
        <t:FileAttachment><t:Name>logo.png</t:Name><t:ContentType>image/png</t:ContentType>\
        <t:Content>\(logo.base64EncodedString())</t:Content></t:FileAttachment>\
        </t:Attachments>\
        <t:ToRecipients><t:Mailbox><t:EmailAddress>\(recipient)</t:EmailAddress></t:Mailbox></t:ToRecipients></t:Message></m:Items></m:CreateItem>
        """
    }

    static let attachmentProperties = #"<t:FieldURI FieldURI="item:Attachments"/><t:FieldURI FieldURI="item:HasAttachments"/>"#

    static func getAttachments(_ harness: SimulatorHarness, _ mailbox: String, _ folder: String) async throws -> XMLElementNode {
        let items = try harness.exchange.items(in: mailbox, folder: folder)
        let id = try #require(items.first?.id)
        let response = try await harness.ews(ItemOperationTests.getItem(id, shape: "IdOnly", additional: attachmentProperties), mailbox: mailbox)
        return try #require(response.messages.first?.descendant("Items", "Message"))
    }

    @Test func ewsCreateItemWithFileAttachmentsSendsThemAndGetItemReturnsTheirMetadataWithoutContent() async throws {
        try await SimulatorHarness.with { harness in
            let sent = try await harness.ews(Self.sendWithAttachments(to: SimulatorHarness.bob))
            #expect(sent.messages.first?[attribute: "ResponseClass"] == "Success", "\(sent.body)")
            for (mailbox, folder) in [(SimulatorHarness.alice, "sentitems"), (SimulatorHarness.bob, "inbox")] {
                let message = try await Self.getAttachments(harness, mailbox, folder)
                #expect(message.child("HasAttachments")?.text == "true", "\(mailbox)")
                let files = message.child("Attachments")?.children ?? []
                #expect(files.map(\.name) == ["FileAttachment", "FileAttachment"])
                #expect(files.map { $0.child("Name")?.text } == ["quote.pdf", "logo.png"])
                #expect(files.map { $0.child("ContentType")?.text } == ["application/pdf", "image/png"])
                #expect(files.map { $0.child("Size")?.text } == [String(Self.quote.count), String(Self.logo.count)])
                #expect(files.allSatisfy { $0.child("IsInline")?.text == "false" })
                #expect(files.allSatisfy { $0.child("AttachmentId")?[attribute: "Id"]?.isEmpty == false })
                #expect(files.allSatisfy { $0.child("Content") == nil }, "the item property never carries the content")
            }
            let stored = try #require(try harness.exchange.items(in: SimulatorHarness.bob, folder: "inbox").first)
            let copy = try #require(try harness.exchange.items(in: SimulatorHarness.alice, folder: "sentitems").first)
            #expect(harness.exchange.mailbox(SimulatorHarness.bob)?.snapshot.items[stored.id]?.attachments.map(\.content) == [Self.quote, Self.logo])
            let received = Set(harness.exchange.mailbox(SimulatorHarness.bob)?.snapshot.items[stored.id]?.attachments.map(\.id) ?? [])
            let saved = Set(harness.exchange.mailbox(SimulatorHarness.alice)?.snapshot.items[copy.id]?.attachments.map(\.id) ?? [])
            #expect(received.count == 2 && saved.count == 2 && received.isDisjoint(with: saved), "the delivered copy has attachments of its own")
        }
    }

    @Test func aMessageWithoutAttachmentsSaysSoAndHasNoAttachmentsElement() async throws {
        try await SimulatorHarness.with { harness in
            _ = try await harness.ews(MailTransportTests.send(to: [SimulatorHarness.bob], subject: "Plain"))
            let message = try await Self.getAttachments(harness, SimulatorHarness.bob, "inbox")
            #expect(message.child("HasAttachments")?.text == "false")
            #expect(message.child("Attachments") == nil, "the schema's array of attachments is never empty")
        }
    }

    @Test func anInlineAttachmentAloneLeavesHasAttachmentsFalse() async throws {
        try await SimulatorHarness.with { harness in
            try harness.exchange.deliverInbound(
                .init(
                    from: .init(address: "client@outside.example"), to: [.init(address: SimulatorHarness.alice)], subject: "Signed",
                    attachments: [.init(name: "signature.png", contentType: "image/png", contentBytes: Self.logo.base64EncodedString(), isInline: true)]),
                to: SimulatorHarness.alice)
            let message = try await Self.getAttachments(harness, SimulatorHarness.alice, "inbox")
            #expect(message.child("HasAttachments")?.text == "false")
            #expect(message.descendant("Attachments", "FileAttachment", "IsInline")?.text == "true")
        }
    }

    @Test func graphSendMailWithFileAttachmentsAndTheirMetadataThroughListAndBatch() async throws {
        try await SimulatorHarness.with { harness in
            let body = """
                { "message": { "subject": "Quote", "toRecipients": [ { "emailAddress": { "address": "\(SimulatorHarness.bob)" } } ],
                  "attachments": [
                    { "@odata.type": "#microsoft.graph.fileAttachment", "name": "quote.pdf", "contentType": "application/pdf",
                      "contentBytes": "\(Self.quote.base64EncodedString())" },
                    { "@odata.type": "#microsoft.graph.fileAttachment", "name": "logo.png", "contentType": "image/png",
                      "contentBytes": "\(Self.logo.base64EncodedString())" } ] } }
                """
            let sent = try await harness.graph(.POST, "/users/alice@contoso.example/sendMail", body: body, roles: GraphMailTests.roles)
            #expect(sent.status == 202, "\(sent.text)")

            let inbox = try await GraphMailTests.round(harness, "/users/bob@contoso.example/mailFolders/inbox/messages/delta?$select=subject,hasAttachments")
            let message = try #require(inbox.values.first)
            #expect(message["hasAttachments"]?.boolValue == true)
            let id = try #require(message["id"]?.stringValue)
            let encoded = try #require(id.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
            let path = "/users/bob@contoso.example/messages/\(encoded)/attachments"

            let metadata = try await harness.graph(.GET, path + "?$select=name,contentType,size,isInline", roles: GraphMailTests.roles)
            #expect(metadata.status == 200, "\(metadata.text)")
            #expect(metadata.value.map { $0["name"]?.stringValue } == ["quote.pdf", "logo.png"])
            #expect(metadata.value.map { $0["contentType"]?.stringValue } == ["application/pdf", "image/png"])
            #expect(metadata.value.map { $0["size"] } == [.integer(Int64(Self.quote.count)), .integer(Int64(Self.logo.count))])
            #expect(metadata.value.allSatisfy { $0["isInline"]?.boolValue == false })
            #expect(metadata.value.allSatisfy { $0["contentBytes"] == nil }, "$select leaves the content out")
            for value in metadata.value { try GraphSchema.shared.validate(value, as: "attachment") }

            let whole = try await harness.graph(.GET, path, roles: GraphMailTests.roles)
            #expect(whole.value.first?["contentBytes"]?.stringValue == Self.quote.base64EncodedString())
            for value in whole.value { try GraphSchema.shared.validate(value, as: "attachment") }

            let unknown = try await harness.graph(.GET, path + "?$select=contentBytes", roles: GraphMailTests.roles)
            #expect(unknown.status == 400, "contentBytes is fileAttachment's, not attachment's: \(unknown.text)")

            let basic = try await harness.graph(.GET, path, roles: ["Mail.ReadBasic.All"])
            #expect(basic.status == 403, "Mail.ReadBasic.All reads no attachments")

            let batch = try await harness.graph(
                .POST, "/$batch",
                body: #"{"requests":[{"id":"1","method":"GET","url":"/users/bob@contoso.example/messages/\#(encoded)/attachments?$select=name,contentType,size,isInline"}]}"#,
                roles: GraphMailTests.roles)
            #expect(batch.status == 200, "\(batch.text)")
            let answer = try #require(batch["responses"]?.arrayValue?.first)
            #expect(answer["status"] == .integer(200))
            #expect(answer["body"]?["value"]?.arrayValue?.map { $0["name"]?.stringValue } == ["quote.pdf", "logo.png"])
        }
    }

    @Test func graphRefusesAnAttachmentWithoutItsDerivedTypeAsTheCSDLDoes() async throws {
        try await SimulatorHarness.with { harness in
            let body = """
                { "message": { "subject": "Quote", "toRecipients": [ { "emailAddress": { "address": "\(SimulatorHarness.bob)" } } ],
                  "attachments": [ { "name": "quote.pdf", "contentBytes": "\(Self.quote.base64EncodedString())" } ] } }
                """
            let sent = try await harness.graph(.POST, "/users/alice@contoso.example/sendMail", body: body, roles: GraphMailTests.roles)
            #expect(sent.status == 400, "attachment is abstract and has no contentBytes: \(sent.text)")
            #expect(try harness.exchange.items(in: SimulatorHarness.bob, folder: "inbox").isEmpty)
        }
    }
}
