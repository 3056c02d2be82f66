import Foundation

/// `GET /users/{id}/messages/{id}/attachments`: a message's attachments as Graph lists them,
/// each a `#microsoft.graph.fileAttachment`. `$select` keeps only the named properties (with
/// `id` and `@odata.type`), so `$select=name,contentType,size,isInline` reads no content.
enum GraphAttachmentOperations {
    /// The properties of `fileAttachment` (those of `attachment` and its own).
    static let properties = ["contentType", "isInline", "lastModifiedDateTime", "name", "size", "contentBytes", "contentId", "contentLocation"]
    /// What `$select` may name on the `attachment` collection: the base type's properties (a
    /// derived type's, such as `contentBytes`, need its cast: `microsoft.graph.fileAttachment/contentBytes`).
    static let selectable: Set<String> = ["id", "contentType", "isInline", "lastModifiedDateTime", "name", "size"]

    static func list(messageId: String, _ context: GraphCallContext) throws(GraphError) -> GraphHTTPResponse {
        let query = try GraphQueryOptions(context.query)
        var select: Set<String>?
        if let asked = query.select {
            var names: Set<String> = []
            for name in asked {
                let cast = "microsoft.graph.fileAttachment/"
                if name.hasPrefix(cast), properties.contains(String(name.dropFirst(cast.count))) {
                    names.insert(String(name.dropFirst(cast.count)))
                } else if selectable.contains(name) {
                    names.insert(name)
                } else {
                    throw GraphError.badRequest(
                        "Could not find a property named '\(name)' on type 'microsoft.graph.attachment'.", code: "RequestBroker--ParseUri")
                }
            }
            select = names
        }
        let item = try GraphOperations.item(messageId, kind: .message, in: context.mailbox.snapshot)
        return .json(.object([.init("value", .array(item.attachments.map { render($0, select: select) }))]))
    }

    static func render(_ attachment: StoredAttachment, select: Set<String>?) -> GraphJSON {
        var fields: [GraphJSON.Member] = [
            .init("@odata.type", .string("#microsoft.graph.fileAttachment")), .init("id", .string(attachment.id)),
        ]
        func add(_ name: String, _ value: GraphJSON) {
            if select?.contains(name) ?? true { fields.append(.init(name, value)) }
        }
        add("lastModifiedDateTime", .string(GraphDateTime.formatSeconds(attachment.lastModified)))
        add("name", .string(attachment.name))
        add("contentType", .string(attachment.contentType))
        add("size", .integer(Int64(attachment.size)))
        add("isInline", .bool(attachment.isInline))
        add("contentId", attachment.contentId.map(GraphJSON.string) ?? .null)
        add("contentLocation", .null)
        add("contentBytes", .string(attachment.content.base64EncodedString()))
        return .object(fields)
    }
}
