import Foundation
import StreamingXML

extension ExchangeWebServicesClient {
    /// GetItem in batches: one result per id, in order.
    public func getItems(_ ids: [ItemID], shape: ItemShape, mailbox: String) async -> [Result<Item, EWSError>] {
        await batched(
            ids, operation: "GetItem", mailbox: mailbox, idempotent: true,
            write: { batch, writer in
                writer.element("m:GetItem") { writer in
                    writer.writeItemShape(shape)
                    writer.element("m:ItemIds") { writer in for id in batch { writer.writeItemID(id) } }
                }
            },
            convert: ItemXMLReader.item(from:),
            output: { _, payload in
                guard let item = payload.elements.first else { throw Self.missingItem("GetItem", mailbox) }
                return item
            })
    }

    /// CreateItem in batches: the new items' ids (with their ChangeKeys), one result per item.
    ///
    /// Never retried: when a batch fails as a whole (`.transport`, a 5xx, throttling), some of
    /// its items may exist; look for them by their tag before creating again.
    ///
    /// - Parameters:
    ///   - folder: where to save them; nil for the mailbox's default folder of each type.
    ///   - sendMeetingInvitations: always sent; `SendToNone` unless meetings should go out.
    public func createItems(
        _ items: [Item], in folder: FolderID?, sendMeetingInvitations: MeetingNotifications = .sendToNone,
        mailbox: String
    ) async -> [Result<ItemID, EWSError>] {
        await batched(
            items, operation: "CreateItem", mailbox: mailbox, idempotent: false,
            write: { batch, writer in
                writer.startElement("m:CreateItem")
                if batch.contains(where: { $0.message != nil }) { writer.attribute("MessageDisposition", "SaveOnly") }
                writer.attribute("SendMeetingInvitations", sendMeetingInvitations.rawValue)
                if let folder { writer.element("m:SavedItemFolderId") { $0.writeFolderID(folder) } }
                writer.startElement("m:Items")
                for item in batch { try ItemXMLWriter().write(item, into: &writer) }
                writer.endElement()
                writer.endElement()
            },
            convert: ItemXMLReader.item(from:),
            output: { _, payload in
                guard let id = payload.elements.first?.id else { throw Self.missingItem("CreateItem", mailbox) }
                return id
            })
    }

    /// UpdateItem in batches: SetItemField for each listed field that has a value in the new
    /// item, DeleteItemField for each that has none. Returns the new ids and ChangeKeys.
    ///
    /// An update with no fields sends nothing and returns its id unchanged.
    public func updateItems(
        _ updates: [ItemUpdate], conflictResolution: ConflictResolution = .autoResolve,
        sendMeetingInvitationsOrCancellations: MeetingUpdateNotifications = .sendToNone, mailbox: String
    ) async -> [Result<ItemID, EWSError>] {
        let toSend = updates.enumerated().filter { !$0.element.fields.isEmpty }
        let sent = await batched(
            // Setting the same values twice changes nothing more; a retry after an update that did
            // land fails on the stale ChangeKey at worst, which the caller handles by re-reading.
            toSend.map(\.element), operation: "UpdateItem", mailbox: mailbox, idempotent: true,
            write: { batch, writer in
                writer.startElement("m:UpdateItem")
                if batch.contains(where: { $0.item.message != nil }) { writer.attribute("MessageDisposition", "SaveOnly") }
                writer.attribute("ConflictResolution", conflictResolution.rawValue)
                writer.attribute("SendMeetingInvitationsOrCancellations", sendMeetingInvitationsOrCancellations.rawValue)
                try writer.element("m:ItemChanges") { writer in
                    for update in batch { try Self.writeItemChange(update, into: &writer) }
                }
                writer.endElement()
            },
            convert: ItemXMLReader.item(from:),
            output: { update, payload in
                payload.elements.first?.id ?? update.itemID
            })
        var results = updates.map { Result<ItemID, EWSError>.success($0.itemID) }
        for ((index, _), result) in zip(toSend, sent) { results[index] = result }
        return results
    }

    static func writeItemChange(_ update: ItemUpdate, into writer: inout XMLWriter) throws {
        let elementName = ItemXMLWriter.elementName(of: update.item)
        writer.startElement("t:ItemChange")
        writer.writeItemID(update.itemID)
        writer.startElement("t:Updates")
        for field in update.fields {
            var fieldWriter = XMLWriter()
            try ItemXMLWriter(only: field).writeFields(of: update.item, into: &fieldWriter)
            if fieldWriter.bytes.isEmpty {
                writer.element("t:DeleteItemField") { $0.writeFieldPath(field) }
            } else {
                writer.startElement("t:SetItemField")
                writer.writeFieldPath(field)
                writer.startElement(elementName)
                try ItemXMLWriter(only: field).writeFields(of: update.item, into: &writer)
                writer.endElement()
                writer.endElement()
            }
        }
        writer.endElement()
        writer.endElement()
    }

    /// DeleteItem in batches. Meeting cancellations and task occurrences are always explicit.
    ///
    /// Retried like a read: when a retried delete answers `ErrorItemNotFound`, the first attempt
    /// did delete the item, so callers treat that code as done.
    public func deleteItems(
        _ ids: [ItemID], deleteType: DeleteType = .moveToDeletedItems,
        sendMeetingCancellations: MeetingNotifications = .sendToNone, mailbox: String
    ) async -> [Result<Void, EWSError>] {
        await batched(
            ids, operation: "DeleteItem", mailbox: mailbox, idempotent: true,
            write: { batch, writer in
                writer.startElement("m:DeleteItem")
                writer.attribute("DeleteType", deleteType.rawValue)
                writer.attribute("SendMeetingCancellations", sendMeetingCancellations.rawValue)
                writer.attribute("AffectedTaskOccurrences", "AllOccurrences")
                writer.element("m:ItemIds") { writer in for id in batch { writer.writeItemID(id) } }
                writer.endElement()
            },
            convert: ItemXMLReader.item(from:),
            output: { _, _ in () })
    }

    /// FindItem with `IsEqualTo` on a named extended property: the items of a folder carrying a
    /// given tag (all pages). Use it to find items created before a crash.
    public func findItems(
        where property: ExtendedPropertyPath, equals value: String, in folder: FolderID, shape: ItemShape? = nil,
        mailbox: String
    ) async throws -> [Item] {
        try await findItems(where: property, equalsAny: [value], in: folder, shape: shape, mailbox: mailbox)
    }

    /// FindItem with an `Or` of `IsEqualTo` on a named extended property: the items of a folder
    /// carrying any of `values` (all pages), in one request per page whatever the number of values.
    /// Keep `values` to a few hundred: Exchange bounds the size of a restriction.
    public func findItems(
        where property: ExtendedPropertyPath, equalsAny values: [String], in folder: FolderID, shape: ItemShape? = nil,
        mailbox: String
    ) async throws -> [Item] {
        guard !values.isEmpty else { return [] }
        let shape = shape ?? ItemShape(baseShape: .idOnly, additionalProperties: [.extendedProperty(property)])
        func isEqualTo(_ value: String, _ writer: inout XMLWriter) {
            writer.element("t:IsEqualTo") { writer in
                ItemXMLWriter.writeExtendedFieldURI(property, into: &writer)
                writer.element("t:FieldURIOrConstant") { $0.emptyElement("t:Constant", attributes: ["Value": value]) }
            }
        }
        var items: [Item] = []
        var offset = 0
        while true {
            let body = try requestBody(mailbox: mailbox) { writer in
                writer.startElement("m:FindItem")
                writer.attribute("Traversal", "Shallow")
                writer.writeItemShape(shape)
                writer.emptyElement(
                    "m:IndexedPageItemView",
                    attributes: ["MaxEntriesReturned": "200", "Offset": String(offset), "BasePoint": "Beginning"])
                writer.element("m:Restriction") { writer in
                    if values.count == 1 {
                        isEqualTo(values[0], &writer)
                    } else {
                        writer.element("t:Or") { writer in
                            for value in values { isEqualTo(value, &writer) }
                        }
                    }
                }
                writer.element("m:ParentFolderIds") { $0.writeFolderID(folder) }
                writer.endElement()
            }
            let messages = try await send("FindItem", mailbox: mailbox, body: body, convert: ItemXMLReader.item(from:))
            let payload = try Self.single(messages, operation: "FindItem", mailbox: mailbox)
            items += payload.elements
            let root = payload.message?.child("RootFolder")
            if payload.elements.isEmpty || root?.attribute("IncludesLastItemInRange") != "false" { return items }
            offset = root?.attribute("IndexedPagingOffset").flatMap { Int($0) } ?? (offset + payload.elements.count)
        }
    }

    /// FindItem with a CalendarView: occurrences and exceptions expanded, single items, between two instants.
    public func calendarView(
        in folder: FolderID = .distinguished(.calendar), from start: Date, to end: Date, maxEntries: Int = 1000,
        shape: ItemShape = ItemShape(
            baseShape: .idOnly,
            additionalProperties: [
                .subject, .start, .end, .isAllDayEvent, .location, .property("calendar:CalendarItemType"),
            ]),
        mailbox: String
    ) async throws -> [CalendarItem] {
        let body = try requestBody(mailbox: mailbox) { writer in
            writer.startElement("m:FindItem")
            writer.attribute("Traversal", "Shallow")
            writer.writeItemShape(shape)
            writer.emptyElement(
                "m:CalendarView",
                attributes: [
                    "MaxEntriesReturned": String(maxEntries), "StartDate": EWSDateTime.string(from: start),
                    "EndDate": EWSDateTime.string(from: end),
                ])
            writer.element("m:ParentFolderIds") { $0.writeFolderID(folder) }
            writer.endElement()
        }
        let messages = try await send("FindItem", mailbox: mailbox, body: body, convert: ItemXMLReader.item(from:))
        return try Self.single(messages, operation: "FindItem", mailbox: mailbox).elements.compactMap(\.calendarItem)
    }
}
