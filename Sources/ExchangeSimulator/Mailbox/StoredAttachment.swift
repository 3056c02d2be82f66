import Foundation

/// A file attached to a stored item: what EWS shows as `t:FileAttachment` and Graph as
/// `fileAttachment`. Its content is kept (a client may send it) but the item's
/// `Attachments` property and Graph's attachment list without `contentBytes` show only metadata.
public struct StoredAttachment: Sendable, Hashable {
    public var id: String
    public var name: String
    /// The MIME type; `application/octet-stream` when the sender gave none.
    public var contentType: String
    /// The `Content-ID` an inline attachment is referred to by (`cid:`), if any.
    public var contentId: String?
    public var content: Data
    public var isInline: Bool
    public var lastModified: Date

    /// Size in bytes. The simulator counts the content; Exchange's figure also counts the
    /// attachment's own properties, so it is a little larger than the file.
    public var size: Int { content.count }

    public init(
        id: String? = nil, name: String, contentType: String? = nil, contentId: String? = nil, content: Data,
        isInline: Bool = false, lastModified: Date = Date()
    ) {
        self.id = id ?? Identifiers.newAttachmentId()
        self.name = name
        self.contentType = contentType.flatMap { $0.isEmpty ? nil : $0 } ?? "application/octet-stream"
        self.contentId = contentId
        self.content = content
        self.isInline = isInline
        self.lastModified = lastModified
    }
}

extension Identifiers {
    private static let attachmentMarker: [UInt8] = Array("SIMA".utf8)

    /// An opaque, base64 attachment id, as Exchange's look.
    static func newAttachmentId() -> String {
        var generator = SystemRandomNumberGenerator()
        return Data(attachmentMarker + (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }).base64EncodedString()
    }
}

extension StoredItem {
    /// Exchange's `HasAttachments` and Graph's `hasAttachments`: inline attachments (signature
    /// images) do not count.
    public var hasAttachments: Bool { attachments.contains { !$0.isInline } }

    /// The same attachments under new ids: a delivered copy is a new item with its own attachments.
    mutating func reissueAttachmentIds() {
        for index in attachments.indices { attachments[index].id = Identifiers.newAttachmentId() }
    }
}
