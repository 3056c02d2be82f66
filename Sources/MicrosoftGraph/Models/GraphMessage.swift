/// An e-mail message (`message`), for e-mail tracking.
public struct GraphMessage: GraphModel {
    public static var graphTypeName: String { "message" }

    public var id: String?
    public var etag: String?
    public var changeKey: String?
    public var createdDateTime: EdmDateTimeOffset?
    public var lastModifiedDateTime: EdmDateTimeOffset?
    public var categories: [String]?
    public var subject: String?
    public var body: ItemBody?
    public var bodyPreview: String?
    public var from: Recipient?
    public var sender: Recipient?
    public var toRecipients: [Recipient]?
    public var ccRecipients: [Recipient]?
    public var bccRecipients: [Recipient]?
    public var replyTo: [Recipient]?
    public var receivedDateTime: EdmDateTimeOffset?
    public var sentDateTime: EdmDateTimeOffset?
    public var internetMessageId: String?
    public var internetMessageHeaders: [InternetMessageHeader]?
    public var conversationId: String?
    public var parentFolderId: String?
    public var isRead: Bool?
    public var isDraft: Bool?
    public var hasAttachments: Bool?
    public var importance: Importance?
    public var webLink: String?
    public var singleValueExtendedProperties: [GraphExtendedProperty]?

    public init() {}

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case id
        case etag = "@odata.etag"
        case changeKey
        case createdDateTime
        case lastModifiedDateTime
        case categories
        case subject
        case body
        case bodyPreview
        case from
        case sender
        case toRecipients
        case ccRecipients
        case bccRecipients
        case replyTo
        case receivedDateTime
        case sentDateTime
        case internetMessageId
        case internetMessageHeaders
        case conversationId
        case parentFolderId
        case isRead
        case isDraft
        case hasAttachments
        case importance
        case webLink
        case singleValueExtendedProperties
    }
}
