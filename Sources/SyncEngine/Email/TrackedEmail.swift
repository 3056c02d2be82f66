import Foundation

/// An `email` record: one message, once, however many enrolled mailboxes it was seen in.
public struct TrackedEmail: Sendable, Hashable {
    public var internetMessageID: InternetMessageID
    public var inReplyTo: InternetMessageID?
    public var conversationID: String?
    public var from: EmailParticipant?
    public var to: [EmailParticipant]
    public var cc: [EmailParticipant]
    public var subject: String?
    public var sentAt: Date?
    public var receivedAt: Date?
    public var direction: EmailDirection
    public var body: String?
    public var bodyTruncated: Bool
    public var attachments: [EmailAttachment]
    /// The enrolled mailboxes the message was seen in, sorted.
    public var mailboxes: [MailboxAddress]
    /// The CRM contact records whose addresses the sender or recipients match, sorted.
    public var matchedContacts: [RecordID]
    /// Why the record is tracked.
    public var reason: EmailTrackingReason
    /// What was cut or could not be read faithfully; never a reason to stop.
    public var warnings: [String]

    public init(
        internetMessageID: InternetMessageID, inReplyTo: InternetMessageID? = nil, conversationID: String? = nil,
        from: EmailParticipant? = nil, to: [EmailParticipant] = [], cc: [EmailParticipant] = [], subject: String? = nil,
        sentAt: Date? = nil, receivedAt: Date? = nil, direction: EmailDirection, body: String? = nil, bodyTruncated: Bool = false,
        attachments: [EmailAttachment] = [], mailboxes: [MailboxAddress], matchedContacts: [RecordID] = [],
        reason: EmailTrackingReason, warnings: [String] = []
    ) {
        self.internetMessageID = internetMessageID
        self.inReplyTo = inReplyTo
        self.conversationID = conversationID
        self.from = from
        self.to = to
        self.cc = cc
        self.subject = subject
        self.sentAt = sentAt
        self.receivedAt = receivedAt
        self.direction = direction
        self.body = body
        self.bodyTruncated = bodyTruncated
        self.attachments = attachments
        self.mailboxes = Array(Set(mailboxes)).sorted()
        self.matchedContacts = Array(Set(matchedContacts)).sorted()
        self.reason = reason
        self.warnings = warnings
    }

    /// The record's fields, as the store and the API carry records (`FieldSet`, like the other kinds).
    public var fields: FieldSet {
        func participant(_ participant: EmailParticipant) -> FieldValue {
            var map: [String: FieldValue] = ["address": .text(participant.address)]
            if let name = participant.name { map["name"] = .text(name) }
            return .map(map)
        }
        var values: [String: FieldValue] = [
            "internetMessageId": .text(internetMessageID.rawValue),
            "direction": .text(direction.rawValue),
            "to": .list(to.map(participant)),
            "cc": .list(cc.map(participant)),
            "bodyTruncated": .boolean(bodyTruncated),
            "attachments": .list(attachments.map { attachment in
                var map: [String: FieldValue] = ["name": .text(attachment.name)]
                if let type = attachment.contentType { map["contentType"] = .text(type) }
                if let size = attachment.size { map["size"] = .integer(size) }
                return .map(map)
            }),
            "mailboxes": .list(mailboxes.map { .text($0.rawValue) }),
            "matchedContacts": .list(matchedContacts.map { .text($0.rawValue) }),
        ]
        values["from"] = from.map(participant)
        values["inReplyTo"] = inReplyTo.map { .text($0.rawValue) }
        values["conversationId"] = conversationID.map(FieldValue.text)
        values["subject"] = subject.map(FieldValue.text)
        values["sentAt"] = sentAt.map(FieldValue.instant)
        values["receivedAt"] = receivedAt.map(FieldValue.instant)
        values["body"] = body.map(FieldValue.text)
        return FieldSet(values)
    }
}
