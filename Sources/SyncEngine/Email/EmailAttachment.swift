/// What the CRM learns of an attachment by default: its metadata, never its content.
public struct EmailAttachment: Sendable, Hashable, Codable {
    public var name: String
    /// The MIME type as the mailbox reports it, e.g. `application/pdf`.
    public var contentType: String?
    /// Size in bytes, as the mailbox reports it.
    public var size: Int?

    public init(name: String, contentType: String? = nil, size: Int? = nil) {
        self.name = name
        self.contentType = contentType
        self.size = size.map { max($0, 0) }
    }
}
