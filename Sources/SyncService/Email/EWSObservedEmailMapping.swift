import ExchangeWebServices
import Foundation
import SyncEngine

/// An EWS `Message` as the tracking planner reads it.
enum EWSObservedEmailMapping {
    /// The properties a tracked message needs, and nothing else (no MIME, no attachment content:
    /// `item:Attachments` gives the attachments' metadata only).
    static let shape = ItemShape(
        baseShape: .idOnly, bodyType: .text,
        additionalProperties: [
            .subject, .body, .categories, .sensitivity, .from, .toRecipients, .ccRecipients,
            .property("message:InternetMessageId"), .property("item:InReplyTo"), .property("message:References"),
            .property("item:ConversationId"), .property("item:DateTimeSent"), .property("item:DateTimeReceived"), .property("item:Attachments"),
        ])

    /// Only the date a message was received: enough to leave out what is older than the window.
    static let windowShape = ItemShape(baseShape: .idOnly, additionalProperties: [.property("item:DateTimeReceived")])

    static func observed(_ message: Message, mailbox: MailboxAddress, folder: EmailFolder) -> ObservedEmail {
        func participant(_ address: ExchangeWebServices.EmailAddress) -> EmailParticipant? {
            guard let text = address.address, !text.isEmpty else { return nil }
            return EmailParticipant(name: address.name, address: text)
        }
        let sensitivity: EmailSensitivity =
            switch message.properties.sensitivity {
            case .personal: .personal
            case .private: .private
            case .confidential: .confidential
            case .normal, nil: .normal
            }
        return ObservedEmail(
            mailbox: mailbox, folder: folder, internetMessageID: message.internetMessageID.flatMap(InternetMessageID.init),
            inReplyTo: message.inReplyTo.flatMap(InternetMessageID.init),
            references: message.references.map(InternetMessageID.list(fromHeader:)) ?? [], conversationID: message.conversationID,
            from: message.from.flatMap(participant), to: message.toRecipients.compactMap(participant),
            cc: message.ccRecipients.compactMap(participant), subject: message.properties.subject, sentAt: message.dateTimeSent,
            receivedAt: message.dateTimeReceived, sensitivity: sensitivity, categories: message.properties.categories,
            body: message.properties.body?.content, attachments: attachments(of: message))
    }

    /// The attachments the CRM keeps: file and item attachments, inline ones (signature images) left out.
    static func attachments(of message: Message) -> [EmailAttachment] {
        message.attachments.filter { $0.isInline != true }.map { attachment in
            EmailAttachment(name: attachment.name ?? "", contentType: attachment.contentType, size: attachment.size)
        }
    }
}
