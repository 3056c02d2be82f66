import Foundation

/// One message as a connector read it from one folder of one enrolled mailbox: the planner's input.
public struct ObservedEmail: Sendable, Hashable {
    /// The enrolled mailbox it was read from.
    public var mailbox: MailboxAddress
    public var folder: EmailFolder
    /// Nil when the message carries none (a draft); such a message is never tracked.
    public var internetMessageID: InternetMessageID?
    /// The `In-Reply-To` header.
    public var inReplyTo: InternetMessageID?
    /// The `References` header, oldest first.
    public var references: [InternetMessageID]
    /// Exchange's conversation identifier (EWS `ConversationId`, Graph `conversationId`).
    public var conversationID: String?
    public var from: EmailParticipant?
    public var to: [EmailParticipant]
    public var cc: [EmailParticipant]
    public var subject: String?
    public var sentAt: Date?
    public var receivedAt: Date?
    public var sensitivity: EmailSensitivity
    public var categories: [String]
    /// The body as text, whole: the planner cuts it.
    public var body: String?
    public var attachments: [EmailAttachment]
    /// What the connector could not read faithfully (an unknown charset, say), to pass on as warnings.
    public var readingProblems: [String]

    public init(
        mailbox: MailboxAddress, folder: EmailFolder, internetMessageID: InternetMessageID?, inReplyTo: InternetMessageID? = nil,
        references: [InternetMessageID] = [], conversationID: String? = nil, from: EmailParticipant?, to: [EmailParticipant] = [],
        cc: [EmailParticipant] = [], subject: String? = nil, sentAt: Date? = nil, receivedAt: Date? = nil,
        sensitivity: EmailSensitivity = .normal, categories: [String] = [], body: String? = nil,
        attachments: [EmailAttachment] = [], readingProblems: [String] = []
    ) {
        self.mailbox = mailbox
        self.folder = folder
        self.internetMessageID = internetMessageID
        self.inReplyTo = inReplyTo
        self.references = references
        self.conversationID = conversationID
        self.from = from
        self.to = to
        self.cc = cc
        self.subject = subject
        self.sentAt = sentAt
        self.receivedAt = receivedAt
        self.sensitivity = sensitivity
        self.categories = categories
        self.body = body
        self.attachments = attachments
        self.readingProblems = readingProblems
    }

    /// Sender, To and Cc: the people whose addresses are matched against CRM contacts.
    public var participants: [EmailParticipant] { (from.map { [$0] } ?? []) + to + cc }
}
