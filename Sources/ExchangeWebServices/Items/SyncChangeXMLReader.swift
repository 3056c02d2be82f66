import StreamingXML

/// Turns a `t:Create`, `t:Update`, `t:Delete` or `t:ReadFlagChange` element into a change.
enum SyncChangeXMLReader {
    static func change(from node: XMLElementNode) -> SyncChange? {
        switch node.localName {
        case "Create": node.children.first.map { .create(ItemXMLReader.item(from: $0)) }
        case "Update": node.children.first.map { .update(ItemXMLReader.item(from: $0)) }
        case "Delete": ItemXMLReader.itemID(from: node.child("ItemId")).map { .delete($0) }
        case "ReadFlagChange":
            ItemXMLReader.itemID(from: node.child("ItemId")).map {
                .readFlagChange($0, isRead: ItemXMLReader.bool(node.childText("IsRead") ?? "") ?? false)
            }
        default: nil
        }
    }
}
