import Foundation

/// Writes stored items as EWS elements, per item shape, in the schema's element order.
struct ItemRenderer {
    let contents: MailboxContents
    let order: SchemaElementOrder
    /// Properties `render` never writes, whatever the shape (FindItem's: `FindItemOperation.notReturned`).
    var withheld: Set<String> = []

    /// Every property of the item, stored and computed (extended properties excluded).
    func allProperties(of item: StoredItem) -> [XMLElementNode] {
        var result = item.properties
        func add(_ element: XMLElementNode) {
            if !result.contains(where: { $0.name == element.name }) { result.append(element) }
        }
        add(itemIdElement(item))
        if let folder = contents.folders[item.folderId] {
            add(.t("ParentFolderId", attributes: ["Id": folder.id, "ChangeKey": folder.changeKey]))
        }
        add(.t("ItemClass", item.kind.defaultItemClass))
        add(.t("DateTimeReceived", EWSDateTime.format(item.created)))
        add(.t("Size", String(approximateSize(item))))
        add(.t("DateTimeCreated", EWSDateTime.format(item.created)))
        add(.t("HasAttachments", item.hasAttachments ? "true" : "false"))
        if let attachments = AttachmentElements.element(for: item) { add(attachments) }
        add(.t("LastModifiedName", contents.displayName))
        add(.t("LastModifiedTime", EWSDateTime.format(item.lastModified)))
        add(.t("IsAssociated", "false"))
        switch item.kind {
        case .calendarItem:
            let isMaster = item.isRecurringMaster
            add(.t("IsRecurring", isMaster ? "true" : "false"))
            add(.t("CalendarItemType", isMaster ? "RecurringMaster" : "Single"))
            add(.t("MyResponseType", "Organizer"))
            add(.t("Organizer", children: [mailboxElement()]))
            if isMaster && !item.modifiedOccurrences.isEmpty {
                add(.t("ModifiedOccurrences", children: item.modifiedOccurrences.keys.sorted().map { originalStart in
                    let exception = item.modifiedOccurrences[originalStart]!
                    let start = exception.properties.first { $0.name == "Start" }?.text ?? EWSDateTime.format(originalStart)
                    let end = exception.properties.first { $0.name == "End" }?.text ?? start
                    return .t("Occurrence", children: [
                        .t("ItemId", attributes: ["Id": exception.itemId, "ChangeKey": exception.changeKey]),
                        .t("Start", start), .t("End", end), .t("OriginalStart", EWSDateTime.format(originalStart)),
                    ])
                }))
            }
            if isMaster && !item.deletedOccurrences.isEmpty {
                add(.t("DeletedOccurrences", children: item.deletedOccurrences.sorted().map {
                    .t("DeletedOccurrence", children: [.t("Start", EWSDateTime.format($0))])
                }))
            }
        case .message:
            add(.t("IsRead", "false"))
        case .contact, .task:
            break
        }
        return result.filter { order.has($0.name, in: item.kind.schemaType) }
    }

    func itemIdElement(_ item: StoredItem) -> XMLElementNode {
        .t("ItemId", attributes: ["Id": item.id, "ChangeKey": item.changeKey])
    }

    func mailboxElement() -> XMLElementNode {
        .t("Mailbox", children: [
            .t("Name", contents.displayName), .t("EmailAddress", contents.primarySmtpAddress), .t("RoutingType", "SMTP"),
            .t("MailboxType", "Mailbox"),
        ])
    }

    func render(_ item: StoredItem, shape: ItemShape, overrides: [XMLElementNode] = [], idElement: XMLElementNode? = nil)
        -> XMLElementNode
    {
        if shape.base == .idOnly && shape.fieldNames.isEmpty && shape.indexedFields.isEmpty && shape.extendedFields.isEmpty {
            return .t(item.kind.elementName, children: [idElement ?? itemIdElement(item)])
        }
        var all = allProperties(of: item).filter { !withheld.contains($0.name) }
        for override in overrides {
            all.removeAll { $0.name == override.name }
            all.append(override)
        }
        if let idElement {
            all.removeAll { $0.name == idElement.name || $0.name == "ItemId" }
            all.append(idElement)
        }
        let idName = idElement?.name ?? "ItemId"
        var selected: [XMLElementNode]
        switch shape.base {
        case .idOnly:
            selected = all.filter { $0.name == idName }
        case .defaultShape:
            let names = Set(item.kind.defaultShapeProperties + [idName])
            selected = all.filter { names.contains($0.name) }
        case .allProperties:
            selected = all
        }
        for name in shape.fieldNames where !selected.contains(where: { $0.name == name }) {
            if let element = all.first(where: { $0.name == name }) { selected.append(element) }
        }
        for (name, indexes) in shape.indexedFields {
            guard let array = all.first(where: { $0.name == name }) else { continue }
            var filtered = array
            filtered.children = array.children.filter { indexes.contains($0[attribute: "Key"] ?? "") }
            if filtered.children.isEmpty { continue }
            selected.removeAll { $0.name == name }
            selected.append(filtered)
        }
        for uri in shape.extendedFields {
            guard let key = ExtendedPropertyKey(fieldURI: uri), let stored = item.extendedProperties[key] else { continue }
            var echoed = uri
            echoed.namespace = EWSNamespace.types
            selected.append(.t("ExtendedProperty", children: [echoed] + stored.children.filter { $0.name != "ExtendedFieldURI" }))
        }
        return .t(item.kind.elementName, children: order.sorted(selected, as: item.kind.schemaType))
    }

    private func approximateSize(_ item: StoredItem) -> Int {
        item.properties.reduce(256) { $0 + XMLWriter.document($1).utf8.count } + item.attachments.reduce(0) { $0 + $1.size }
    }
}
