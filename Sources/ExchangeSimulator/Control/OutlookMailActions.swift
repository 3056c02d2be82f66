import Foundation

extension SimulatedExchange {
    /// The user of `address` sends a message from Outlook: it goes through the same transport as an
    /// EWS `SendAndSaveCopy` or a Graph `sendMail` (Sent Items, then the recipients' Inboxes).
    /// Returns the copy saved in Sent Items.
    @discardableResult
    public func sendMail(
        from address: String, to: [String], cc: [String] = [], subject: String, body: String = "", inReplyTo: String? = nil,
        sensitivity: String = "Normal", categories: [String] = [], attachments: [InboundMessage.Attachment] = []
    ) throws(OutlookActionError) -> ItemSummary {
        let mailbox = try requireMailbox(address)
        func recipients(_ list: [String]) -> [XMLElementNode] { list.map { MailTransport.senderElement(name: nil, address: $0) } }
        var children: [XMLElementNode] = [.t("Subject", subject), .t("Sensitivity", sensitivity), .t("Body", body, attributes: ["BodyType": "Text"])]
        if !categories.isEmpty { children.append(.t("Categories", children: categories.map { .t("String", $0) })) }
        if let inReplyTo { children.append(.t("InReplyTo", inReplyTo)) }
        if !to.isEmpty { children.append(.t("ToRecipients", children: recipients(to))) }
        if !cc.isEmpty { children.append(.t("CcRecipients", children: recipients(cc))) }
        if let inReplyTo { children.append(.t("References", inReplyTo)) }
        if !attachments.isEmpty {
            children.append(.t("Attachments", children: attachments.map { attachment in
                var file: [XMLElementNode] = [.t("Name", attachment.name)]
                if let contentType = attachment.contentType { file.append(.t("ContentType", contentType)) }
                if let isInline = attachment.isInline { file.append(.t("IsInline", isInline ? "true" : "false")) }
                return .t("FileAttachment", children: file + [.t("Content", attachment.contentBytes)])
            }))
        }
        let element = XMLElementNode.t("Message", children: children)
        let now = Date()
        let order = self.order
        let result = mailbox.withContents { (contents: inout MailboxContents) -> Result<StoredItem, OutlookActionError> in
            guard let sentItems = contents.folderId(distinguished: "sentitems") else { return .failure(.noSuchFolder("sentitems")) }
            do throws(EWSError) {
                var message = try ItemBuilder(order: order, timeZoneContext: .gmt).build(from: element, folderId: sentItems, now: now)
                guard !MailTransport.recipients(of: message).isEmpty else { return .failure(.invalid("a message needs a recipient")) }
                MailTransport.stampSent(&message, by: contents, now: now)
                contents.insert(message)
                return .success(message)
            } catch {
                return .failure(.invalid("\(error.code): \(error.message)"))
            }
        }
        let sent = try result.get()
        MailTransport.deliver(sent, through: self, now: now)
        return summary(sent, mailbox.snapshot)
    }
}
