import Foundation

/// Graph `message` JSON against the store's EWS Message properties: written for delta rounds,
/// read from a `sendMail` body.
enum GraphMessageMapping {
    static func recipient(_ mailbox: XMLElementNode?) -> GraphJSON {
        guard let mailbox else { return .null }
        let address = mailbox.child("EmailAddress")?.text ?? ""
        return .fields(["emailAddress": .fields(["name": .string(mailbox.child("Name")?.text ?? address), "address": .string(address)])])
    }

    static func recipients(_ list: XMLElementNode?) -> GraphJSON {
        .array((list?.children ?? []).map { recipient($0) })
    }

    /// A message as Graph writes it; `internetMessageHeaders` only when `$select` names it, as on Graph.
    static func render(_ item: StoredItem, options: GraphRenderOptions) -> GraphJSON {
        var fields: [GraphJSON.Member] = [
            .init("@odata.etag", .string(GraphEventMapping.etag(item.changeKey))),
            .init("id", .string(GraphIds.restId(of: item, immutable: options.immutableIds))),
        ]
        func add(_ name: String, _ value: GraphJSON) {
            if options.includes(name) { fields.append(.init(name, value)) }
        }
        func date(_ name: String) -> GraphJSON {
            item.property(name).map { .string($0.text) } ?? .string(GraphDateTime.formatSeconds(item.created))
        }
        add("createdDateTime", .string(GraphDateTime.formatSeconds(item.created)))
        add("lastModifiedDateTime", .string(GraphDateTime.formatSeconds(item.lastModified)))
        add("changeKey", .string(item.changeKey))
        add("categories", .array((item.property("Categories")?.children("String") ?? []).map { .string($0.text) }))
        add("receivedDateTime", date("DateTimeReceived"))
        add("sentDateTime", item.property("DateTimeSent").map { .string($0.text) } ?? .null)
        add("hasAttachments", .bool(item.hasAttachments))
        add("internetMessageId", item.property("InternetMessageId").map { .string($0.text) } ?? .null)
        add("subject", .string(item.subject ?? ""))
        let body = item.property("Body")
        add("bodyPreview", .string(String((body?.text ?? "").prefix(255))))
        add("importance", .string((item.property("Importance")?.text ?? "Normal").lowercased()))
        add("parentFolderId", .string(GraphIds.restId(fromEWS: item.folderId)))
        add("conversationId", item.property("ConversationId")?[attribute: "Id"].map(GraphJSON.string) ?? .null)
        add("isRead", .bool(item.property("IsRead")?.text == "true"))
        add("isDraft", .bool(item.property("IsDraft")?.text == "true"))
        add("body", .fields([
            "contentType": .string(body?[attribute: "BodyType"] == "HTML" ? "html" : "text"), "content": .string(body?.text ?? ""),
        ]))
        add("sender", recipient(item.property("Sender")?.child("Mailbox")))
        add("from", recipient(item.property("From")?.child("Mailbox")))
        add("toRecipients", recipients(item.property("ToRecipients")))
        add("ccRecipients", recipients(item.property("CcRecipients")))
        add("bccRecipients", recipients(item.property("BccRecipients")))
        add("replyTo", .array([]))
        if let expanded = options.expandedExtendedProperties {
            var values: [GraphJSON] = []
            // PidTagSensitivity, which Graph's message has no property for: 0 normal, 1 personal, 2 private, 3 confidential.
            if let id = expanded.first(where: isSensitivityTag) {
                let levels = ["Normal": "0", "Personal": "1", "Private": "2", "Confidential": "3"]
                values.append(.fields(["id": .string(id), "value": .string(levels[item.property("Sensitivity")?.text ?? "Normal"] ?? "0")]))
            }
            let named = expanded.filter { !isSensitivityTag($0) }
            if !named.isEmpty || expanded.isEmpty, case .array(let stored)? = GraphExtendedProperty.render(item, selecting: expanded.isEmpty ? nil : named) {
                values += stored
            }
            if !values.isEmpty { fields.append(.init("singleValueExtendedProperties", .array(values))) }
        }
        if options.select?.contains("internetMessageHeaders") == true {
            var headers: [GraphJSON] = []
            if let value = item.property("InReplyTo")?.text { headers.append(.fields(["name": .string("In-Reply-To"), "value": .string(value)])) }
            if let value = item.property("References")?.text { headers.append(.fields(["name": .string("References"), "value": .string(value)])) }
            fields.append(.init("internetMessageHeaders", .array(headers)))
        }
        return .object(fields)
    }

    /// `Integer 0x36` (or `0x0036`, any case): the MAPI sensitivity tag.
    static func isSensitivityTag(_ id: String) -> Bool {
        let compact = id.lowercased().filter { $0 != " " }
        return compact == "integer0x36" || compact == "integer0x0036"
    }

    /// The EWS Message element for a `sendMail` request's `message` (already checked against the CSDL).
    static func element(fromSendMail message: GraphJSON) throws(GraphError) -> XMLElementNode {
        func mailboxes(_ key: String) throws(GraphError) -> [XMLElementNode] {
            try (message[key]?.arrayValue ?? []).map { (entry: GraphJSON) throws(GraphError) -> XMLElementNode in
                guard let address = entry["emailAddress"]?["address"]?.stringValue, !address.isEmpty else {
                    throw GraphError.badRequest("A recipient of '\(key)' has no emailAddress.address.", code: "ErrorInvalidRecipients")
                }
                return MailTransport.senderElement(name: entry["emailAddress"]?["name"]?.stringValue, address: address)
            }
        }
        var children: [XMLElementNode] = [.t("Subject", message["subject"]?.stringValue ?? "")]
        if let body = message["body"] {
            let type = body["contentType"]?.stringValue?.lowercased() == "html" ? "HTML" : "Text"
            children.append(.t("Body", body["content"]?.stringValue ?? "", attributes: ["BodyType": type]))
        }
        if let categories = message["categories"]?.arrayValue, !categories.isEmpty {
            children.append(.t("Categories", children: categories.compactMap(\.stringValue).map { .t("String", $0) }))
        }
        for header in message["internetMessageHeaders"]?.arrayValue ?? [] where header["name"]?.stringValue?.lowercased() == "in-reply-to" {
            if let value = header["value"]?.stringValue { children.append(.t("InReplyTo", value)) }
        }
        for (key, element) in [("toRecipients", "ToRecipients"), ("ccRecipients", "CcRecipients"), ("bccRecipients", "BccRecipients")] {
            let list = try mailboxes(key)
            if !list.isEmpty { children.append(.t(element, children: list)) }
        }
        for header in message["internetMessageHeaders"]?.arrayValue ?? [] where header["name"]?.stringValue?.lowercased() == "references" {
            if let value = header["value"]?.stringValue { children.append(.t("References", value)) }
        }
        if let attachments = try attachmentsElement(message["attachments"]?.arrayValue ?? []) { children.append(attachments) }
        return .t("Message", children: children)
    }

    /// A `sendMail` message's `attachments` as EWS's `t:Attachments`: file attachments only, each
    /// with its `name` and `contentBytes`, as Graph requires.
    static func attachmentsElement(_ attachments: [GraphJSON]) throws(GraphError) -> XMLElementNode? {
        guard !attachments.isEmpty else { return nil }
        var elements: [XMLElementNode] = []
        for attachment in attachments {
            let type = attachment["@odata.type"]?.stringValue ?? ""
            guard type == "#microsoft.graph.fileAttachment" || type == "microsoft.graph.fileAttachment" else {
                throw GraphError.badRequest(
                    "The simulator sends file attachments (@odata.type #microsoft.graph.fileAttachment) only, not '\(type)'.",
                    code: "ErrorInvalidRequest")
            }
            guard let name = attachment["name"]?.stringValue, !name.isEmpty, let content = attachment["contentBytes"]?.stringValue else {
                throw GraphError.badRequest("A file attachment needs its name and contentBytes.", code: "ErrorRequiredPropertyMissing")
            }
            var children: [XMLElementNode] = [.t("Name", name)]
            if let contentType = attachment["contentType"]?.stringValue { children.append(.t("ContentType", contentType)) }
            if let contentId = attachment["contentId"]?.stringValue { children.append(.t("ContentId", contentId)) }
            if let isInline = attachment["isInline"]?.boolValue { children.append(.t("IsInline", isInline ? "true" : "false")) }
            children.append(.t("Content", content))
            elements.append(.t("FileAttachment", children: children))
        }
        return .t("Attachments", children: elements)
    }
}
