import Foundation

/// `t:Attachments` of an EWS item: read from a CreateItem request (file attachments with their
/// content), written for GetItem and the other item responses (metadata, never `t:Content`, as
/// Exchange returns the `item:Attachments` property).
enum AttachmentElements {
    /// The file attachments of a `t:Attachments` element of a new item.
    static func attachments(from element: XMLElementNode, now: Date) throws(EWSError) -> [StoredAttachment] {
        var result: [StoredAttachment] = []
        for child in element.children {
            guard child.name == "FileAttachment" else {
                throw EWSError(
                    "ErrorInvalidRequest", "The simulator stores file attachments only, not \(child.name).")
            }
            let text = child.child("Content")?.text.filter { !$0.isWhitespace } ?? ""
            guard let content = Data(base64Encoded: text) else {
                throw EWSError("ErrorInvalidRequest", "The Content of the attachment is not base64.")
            }
            guard let name = child.child("Name")?.text, !name.isEmpty else {
                throw EWSError("ErrorRequiredPropertyMissing", "A file attachment needs a Name.")
            }
            result.append(
                StoredAttachment(
                    name: name, contentType: child.child("ContentType")?.text, contentId: child.child("ContentId")?.text,
                    content: content, isInline: child.child("IsInline")?.text == "true", lastModified: now))
        }
        return result
    }

    /// The item's `t:Attachments` (metadata only); nil when it has none (the schema's array is non-empty).
    static func element(for item: StoredItem) -> XMLElementNode? {
        guard !item.attachments.isEmpty else { return nil }
        return .t("Attachments", children: item.attachments.map { attachment in
            var children: [XMLElementNode] = [
                .t("AttachmentId", attributes: ["Id": attachment.id]), .t("Name", attachment.name),
                .t("ContentType", attachment.contentType),
            ]
            if let contentId = attachment.contentId { children.append(.t("ContentId", contentId)) }
            children += [
                .t("Size", String(attachment.size)), .t("LastModifiedTime", EWSDateTime.format(attachment.lastModified)),
                .t("IsInline", attachment.isInline ? "true" : "false"), .t("IsContactPhoto", "false"),
            ]
            return .t("FileAttachment", children: children)
        })
    }
}
