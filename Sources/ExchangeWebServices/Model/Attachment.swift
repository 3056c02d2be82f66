/// What an item's `Attachments` property says of one attachment: its metadata. Exchange never
/// returns the content there (`GetAttachment` does), so neither does this model.
public struct Attachment: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        /// `t:FileAttachment`: a file.
        case file = "FileAttachment"
        /// `t:ItemAttachment`: an attached item (a forwarded message, say).
        case item = "ItemAttachment"
        /// `t:ReferenceAttachment`: a link to a file stored elsewhere.
        case reference = "ReferenceAttachment"
    }

    public var kind: Kind
    /// `t:AttachmentId`'s `Id`.
    public var id: String?
    public var name: String?
    public var contentType: String?
    /// Size in bytes, as Exchange reports it.
    public var size: Int?
    /// An inline attachment is shown in the body (a signature image).
    public var isInline: Bool?

    public init(kind: Kind, id: String? = nil, name: String? = nil, contentType: String? = nil, size: Int? = nil, isInline: Bool? = nil) {
        self.kind = kind
        self.id = id
        self.name = name
        self.contentType = contentType
        self.size = size
        self.isInline = isInline
    }
}
