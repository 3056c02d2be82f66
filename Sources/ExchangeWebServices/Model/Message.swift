import Foundation

/// An e-mail message (`t:Message`, and the meeting messages derived from it), basic properties.
public struct Message: Hashable, Sendable, ItemPropertiesContainer {
    public var properties: ItemProperties
    public var from: EmailAddress?
    public var toRecipients: [EmailAddress] = []
    public var ccRecipients: [EmailAddress] = []
    public var isRead: Bool?
    /// Read-only.
    public var internetMessageID: String?
    /// Read-only.
    public var dateTimeSent: Date?
    /// Read-only.
    public var dateTimeReceived: Date?
    /// The `In-Reply-To` header (`item:InReplyTo`).
    public var inReplyTo: String?
    /// The `References` header, as written (`message:References`).
    public var references: String?
    /// Read-only: the conversation's id (`item:ConversationId`).
    public var conversationID: String?
    /// Read-only (`item:HasAttachments`): inline attachments do not count.
    public var hasAttachments: Bool?
    /// Read-only (`item:Attachments`): the attachments' metadata, never their content.
    public var attachments: [Attachment] = []
    /// The element name it came as (`Message`, `MeetingRequest`...).
    public var elementName: String = "Message"

    public init(properties: ItemProperties = ItemProperties()) {
        self.properties = properties
    }
}
