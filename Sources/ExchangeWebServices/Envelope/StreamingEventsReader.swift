import StreamingXML

/// Reads one envelope of a GetStreamingEvents response into a `StreamingEventsMessage`, or
/// throws the SOAP fault it carries. Elements are matched by local name: Microsoft's samples
/// show `m:Notification` where the schema declares `t:Notification`, and the EWS Managed API
/// reads `ErrorSubscriptionIds/m:SubscriptionId` where the schema has `t:SubscriptionId`.
enum StreamingEventsReader {
    static func message(from document: [UInt8]) throws -> StreamingEventsMessage {
        let builder = XMLTreeBuilder()
        try XMLPushParser.parse(document, handler: builder)
        guard let body = builder.root?.child("Body") else {
            throw EWSError(kind: .malformedResponse, message: "A streamed document is not a SOAP envelope with a Body.")
        }
        if let fault = body.child("Fault") {
            throw EWSResponseReader<ElementListDecoder<Item>>.fault(from: fault)
        }
        guard let message = body.child("GetStreamingEventsResponse")?.child("ResponseMessages")?.children.first else {
            throw EWSError(kind: .malformedResponse, message: "A streamed envelope carries no GetStreamingEventsResponseMessage.")
        }
        var result = StreamingEventsMessage()
        result.connectionStatus = message.childText("ConnectionStatus").flatMap { .init(rawValue: $0.trimmed) }
        result.notifications = (message.child("Notifications")?.children ?? []).map(notification)
        let code = EWSResponseCode(rawValue: message.childText("ResponseCode")?.trimmed ?? "NoError")
        if message.attribute("ResponseClass") == "Error" || code != .noError && message.attribute("ResponseClass") != "Warning" {
            let text = message.childText("MessageText")?.trimmed ?? code.rawValue
            let ids = (message.child("ErrorSubscriptionIds")?.children ?? []).map(\.text.trimmed)
            if ids.isEmpty {
                result.failure = EWSError(
                    kind: .responseMessage, code: code, message: text, details: EWSResponseReader<ElementListDecoder<Item>>.messageXml(message.child("MessageXml")))
            } else {
                result.subscriptionFailures = ids.map { .init(subscriptionID: $0, code: code, message: text) }
            }
        }
        return result
    }

    private static func notification(_ node: XMLElementNode) -> StreamingNotification {
        StreamingNotification(
            subscriptionID: node.childText("SubscriptionId")?.trimmed ?? "",
            events: node.children.compactMap { child in NotificationEventType(rawValue: child.localName).map { event(child, type: $0) } })
    }

    private static func event(_ node: XMLElementNode, type: NotificationEventType) -> NotificationEvent {
        func itemID(_ name: String) -> ItemID? {
            node.child(name).flatMap { element in element.attribute("Id").map { ItemID($0, changeKey: element.attribute("ChangeKey")) } }
        }
        return NotificationEvent(
            type: type, timeStamp: node.childText("TimeStamp").flatMap { EWSDateTime.date(from: $0.trimmed) }, itemID: itemID("ItemId"),
            folderID: node.child("FolderId")?.attribute("Id"), parentFolderID: node.child("ParentFolderId")?.attribute("Id"),
            oldItemID: itemID("OldItemId"), oldFolderID: node.child("OldFolderId")?.attribute("Id"),
            oldParentFolderID: node.child("OldParentFolderId")?.attribute("Id"))
    }
}
