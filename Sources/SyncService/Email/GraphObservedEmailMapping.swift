import Foundation
import MicrosoftGraph
import SyncEngine

/// A Graph `message` as the tracking planner reads it.
enum GraphObservedEmailMapping {
    /// The properties a tracked message needs (`internetMessageHeaders` carries In-Reply-To and References).
    static let select = [
        "subject", "body", "categories", "from", "toRecipients", "ccRecipients", "internetMessageId", "internetMessageHeaders",
        "conversationId", "sentDateTime", "receivedDateTime", "hasAttachments",
    ]
    /// The attachments the CRM keeps: inline ones (signature images) left out, as on EWS.
    static func attachments(_ attachments: [GraphAttachment]) -> [EmailAttachment] {
        attachments.filter { $0.isInline != true }.map { attachment in
            EmailAttachment(name: attachment.name ?? "", contentType: attachment.contentType, size: attachment.size.map(Int.init))
        }
    }

    /// PidTagSensitivity: Graph's `message` has no sensitivity property.
    static let sensitivityProperty = "Integer 0x36"

    /// Nil when the message does not say its sensitivity: it cannot be told apart from private
    /// mail, so it is never tracked.
    static func observed(_ message: GraphMessage, mailbox: MailboxAddress, folder: EmailFolder) -> ObservedEmail? {
        let tag = message.singleValueExtendedProperties?.first { ($0.id ?? "").lowercased().replacingOccurrences(of: " ", with: "").hasPrefix("integer0x") }
        let sensitivity: EmailSensitivity
        switch tag?.value {
        case "0": sensitivity = .normal
        case "1": sensitivity = .personal
        case "2": sensitivity = .private
        case "3": sensitivity = .confidential
        default: return nil
        }
        func participant(_ recipient: Recipient?) -> EmailParticipant? {
            guard let address = recipient?.emailAddress?.address, !address.isEmpty else { return nil }
            return EmailParticipant(name: recipient?.emailAddress?.name, address: address)
        }
        func header(_ name: String) -> String? {
            message.internetMessageHeaders?.first { $0.name?.lowercased() == name.lowercased() }?.value
        }
        func date(_ value: EdmDateTimeOffset?) -> Date? {
            guard let text = value?.text else { return nil }
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime]
            if let date = formatter.date(from: text) { return date }
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            return formatter.date(from: text)
        }
        return ObservedEmail(
            mailbox: mailbox, folder: folder, internetMessageID: message.internetMessageId.flatMap(InternetMessageID.init),
            inReplyTo: header("In-Reply-To").flatMap(InternetMessageID.init),
            references: header("References").map(InternetMessageID.list(fromHeader:)) ?? [], conversationID: message.conversationId,
            from: participant(message.from), to: (message.toRecipients ?? []).compactMap(participant),
            cc: (message.ccRecipients ?? []).compactMap(participant), subject: message.subject, sentAt: date(message.sentDateTime),
            receivedAt: date(message.receivedDateTime), sensitivity: sensitivity, categories: message.categories ?? [],
            body: message.body?.content)
    }
}
