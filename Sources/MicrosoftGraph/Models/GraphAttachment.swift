/// An attachment of a message or event (`attachment`, the base of `fileAttachment`,
/// `itemAttachment` and `referenceAttachment`): its metadata only. The content
/// (`fileAttachment`'s `contentBytes`) is never modelled: a list read with
/// `$select=name,contentType,size,isInline` does not carry it.
public struct GraphAttachment: GraphModel {
    public static var graphTypeName: String { "attachment" }

    /// `#microsoft.graph.fileAttachment`, `#microsoft.graph.itemAttachment`...
    public var odataType: String?
    public var id: String?
    public var name: String?
    public var contentType: String?
    /// Size in bytes.
    public var size: Int32?
    /// An inline attachment is shown in the body (a signature image).
    public var isInline: Bool?
    public var lastModifiedDateTime: EdmDateTimeOffset?

    public init() {}

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case odataType = "@odata.type"
        case id
        case name
        case contentType
        case size
        case isInline
        case lastModifiedDateTime
    }
}
