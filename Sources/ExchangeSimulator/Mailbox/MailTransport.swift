import Foundation

/// What Exchange's transport does with a message that is sent: it stamps it (`InternetMessageId`,
/// `DateTimeSent`, `From`, `ConversationId`), and delivers a copy to the Inbox of every recipient
/// that is a mailbox of the organization, attachments included. Mail to anyone else leaves the simulator unseen.
enum MailTransport {
    /// Stamps `message` as sent now by the mailbox `contents` describes. The conversation is that
    /// of the message it replies to, when the sender holds it; otherwise a new one.
    static func stampSent(_ message: inout StoredItem, by contents: MailboxContents, now: Date) {
        let sender = senderElement(name: contents.displayName, address: contents.primarySmtpAddress)
        if message.property("From") == nil { message.setProperty(.t("From", children: [sender])) }
        message.setProperty(.t("Sender", children: [sender]))
        let domain = contents.primarySmtpAddress.split(separator: "@").last.map(String.init) ?? "simulator.invalid"
        message.setProperty(.t("InternetMessageId", newInternetMessageId(domain: domain)))
        message.setProperty(.t("DateTimeSent", EWSDateTime.format(now)))
        message.setProperty(.t("DateTimeReceived", EWSDateTime.format(now)))
        message.setProperty(.t("IsRead", "true"))
        message.setProperty(.t("IsDraft", "false"))
        let conversation = message.property("InReplyTo").flatMap { conversationId(ofMessage: $0.text, in: contents) }
        message.setProperty(.t("ConversationId", attributes: ["Id": conversation ?? newConversationId()]))
    }

    /// The addresses of every To, Cc and Bcc recipient, lower-cased, without repeats.
    static func recipients(of message: StoredItem) -> [String] {
        var seen = Set<String>()
        return ["ToRecipients", "CcRecipients", "BccRecipients"].flatMap { name in
            (message.property(name)?.children ?? []).compactMap { $0.child("EmailAddress")?.text.lowercased() }
        }.filter { seen.insert($0).inserted }
    }

    /// Delivers a sent message to the recipients that are simulator mailboxes; returns their addresses.
    @discardableResult
    static func deliver(_ sent: StoredItem, through exchange: SimulatedExchange, now: Date) -> [String] {
        var delivered: [String] = []
        for address in recipients(of: sent) {
            guard let mailbox = exchange.mailbox(address) else { continue }
            var copy = sent
            copy.removeProperty("BccRecipients")
            copy.removeProperty("Categories")
            copy.setProperty(.t("IsRead", "false"))
            copy.setProperty(.t("DateTimeReceived", EWSDateTime.format(now)))
            mailbox.withContents { contents in
                deliverToInbox(copy, in: &contents, now: now)
            }
            delivered.append(address)
        }
        return delivered
    }

    /// Puts a received message in the Inbox of `contents` as a new item, and returns that item.
    @discardableResult
    static func deliverToInbox(_ message: StoredItem, in contents: inout MailboxContents, now: Date) -> StoredItem? {
        guard let inbox = contents.folderId(distinguished: "inbox") else { return nil }
        var copy = message
        copy.id = Identifiers.newItemId()
        copy.immutableId = Identifiers.newImmutableId()
        copy.version = 1
        copy.changeKey = Identifiers.newChangeKey(version: 1)
        copy.folderId = inbox
        copy.created = now
        copy.lastModified = now
        copy.extendedProperties = [:]
        copy.reissueAttachmentIds()
        if let replied = copy.property("InReplyTo").flatMap({ conversationId(ofMessage: $0.text, in: contents) }) {
            copy.setProperty(.t("ConversationId", attributes: ["Id": replied]))
        } else if copy.property("ConversationId") == nil {
            copy.setProperty(.t("ConversationId", attributes: ["Id": newConversationId()]))
        }
        contents.insert(copy)
        return copy
    }

    static func senderElement(name: String?, address: String) -> XMLElementNode {
        var children: [XMLElementNode] = []
        if let name, !name.isEmpty { children.append(.t("Name", name)) }
        children += [.t("EmailAddress", address), .t("RoutingType", "SMTP"), .t("MailboxType", "OneOff")]
        return .t("Mailbox", children: children)
    }

    /// The conversation of the message with this InternetMessageId in `contents`, if it holds one.
    static func conversationId(ofMessage internetMessageId: String, in contents: MailboxContents) -> String? {
        let wanted = internetMessageId.trimmingCharacters(in: .whitespaces)
        return contents.items.values.first { $0.kind == .message && $0.property("InternetMessageId")?.text == wanted }?
            .property("ConversationId")?[attribute: "Id"]
    }

    static func newInternetMessageId(domain: String) -> String {
        "<" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased() + "@" + domain + ">"
    }

    /// Exchange's conversation ids are base64 of a 16-byte GUID with a header; any stable opaque value serves.
    static func newConversationId() -> String {
        let bytes = withUnsafeBytes(of: UUID().uuid) { Array($0) }
        return Data([0x41, 0x41, 0x51, 0x6B] + bytes).base64EncodedString()
    }
}
