import ExchangeWebServices
import Foundation
import SyncEngine

/// Modified and deleted occurrences of recurring series. EWS keeps them on the occurrences, not
/// on the master: a master lists them (ids, starts, original starts) and each is read, changed or
/// deleted as an item of its own.
enum AppointmentOccurrences {
    static let detailShape = ItemShape(
        baseShape: .idOnly, bodyType: .text,
        additionalProperties: [.subject, .location, .body, .start, .end, .property("calendar:OriginalStart")])

    static let viewShape = ItemShape(
        baseShape: .idOnly,
        additionalProperties: [.start, .property("calendar:OriginalStart"), .property("calendar:UID"), .property("calendar:CalendarItemType")])

    /// The modified occurrences of `items` read in full, by item id (one GetItem batch).
    static func details(of items: [Item], client: ExchangeWebServicesClient, mailbox: String) async throws -> [String: CalendarItem] {
        let ids = items.compactMap(\.calendarItem).flatMap(\.modifiedOccurrences).compactMap(\.itemID)
        guard !ids.isEmpty else { return [:] }
        var details: [String: CalendarItem] = [:]
        for (id, result) in zip(ids, await client.getItems(ids.map { ExchangeWebServices.ItemID($0.id) }, shape: detailShape, mailbox: mailbox)) {
            switch result {
            case .success(let item): details[id.id] = item.calendarItem
            case .failure(let error) where error.code == .errorItemNotFound: continue
            case .failure(let error): throw error
            }
        }
        return details
    }

    /// After the masters are written: applies the occurrence changes that the creates and updates
    /// carry, then records each touched master's new ChangeKey as its result.
    ///
    /// An occurrence that cannot be written leaves the master's result `.written` (the master
    /// exists; failing it would make the engine create it again) and is logged; the next read of
    /// the series shows what the mailbox holds.
    static func write(
        _ writes: inout PlannedWrites, operations: [OutlookOperation], client: ExchangeWebServicesClient, mailbox: String
    ) async throws {
        for (index, operation) in operations.enumerated() {
            guard case .written(let reference)? = writes.results[index] else { continue }
            let changes: [OccurrenceChange]
            let deleted: [Date]
            let send: Bool
            switch operation {
            case .create(let intent, let sendInvitations):
                guard intent.fields[FieldName.modifiedOccurrences] != nil || intent.fields[FieldName.deletedOccurrences] != nil
                else { continue }
                changes = (try? AppointmentItemMapping.occurrenceChanges(intent.fields[FieldName.modifiedOccurrences])) ?? []
                deleted = (try? AppointmentItemMapping.deletedStarts(intent.fields[FieldName.deletedOccurrences])) ?? []
                send = sendInvitations
            case .update(_, let patch, _, let sendInvitations):
                guard !AppointmentItemMapping.occurrenceFields.isDisjoint(with: patch.fieldNames) else { continue }
                changes = (try? AppointmentItemMapping.occurrenceChanges(patch.values[FieldName.modifiedOccurrences])) ?? []
                deleted = (try? AppointmentItemMapping.deletedStarts(patch.values[FieldName.deletedOccurrences])) ?? []
                send = sendInvitations
            case .delete:
                continue
            }
            guard !changes.isEmpty || !deleted.isEmpty else { continue }
            if let newKey = try await apply(
                changes: changes, deleted: deleted, master: reference, send: send, client: client, mailbox: mailbox)
            {
                writes.results[index] = .written(ItemReference(id: reference.id, changeKey: ChangeKey(newKey)))
            }
        }
    }

    /// Returns the master's ChangeKey after the occurrence writes.
    private static func apply(
        changes: [OccurrenceChange], deleted: [Date], master: ItemReference, send: Bool, client: ExchangeWebServicesClient,
        mailbox: String
    ) async throws -> String? {
        let masterID = ExchangeWebServices.ItemID(master.id.rawValue)
        let uidShape = ItemShape(baseShape: .idOnly, additionalProperties: [.property("calendar:UID")])
        guard case .success(let masterItem)? = await client.getItems([masterID], shape: uidShape, mailbox: mailbox).first,
            let uid = masterItem.calendarItem?.uid
        else { return nil }
        let originalStarts = changes.map(\.originalStart) + deleted
        var occurrences: [Date: ExchangeWebServices.ItemID] = [:]
        // Calendar views span at most two years: read the wanted original starts in windows.
        var remaining = originalStarts.sorted()
        while let first = remaining.first {
            let windowEnd = first.addingTimeInterval(700 * 86_400)
            let inWindow = remaining.filter { $0 < windowEnd }
            remaining.removeFirst(inWindow.count)
            let view = try await client.calendarView(
                from: first.addingTimeInterval(-86_400), to: (inWindow.last ?? first).addingTimeInterval(2 * 86_400),
                shape: viewShape, mailbox: mailbox)
            for occurrence in view where occurrence.uid == uid {
                if let originalStart = occurrence.originalStart ?? occurrence.start, let id = occurrence.properties.id {
                    occurrences[originalStart] = id
                }
            }
        }
        var updates: [ItemUpdate] = []
        for change in changes {
            guard let id = occurrences[change.originalStart] else { continue }
            var event = CalendarItem()
            var fields: [ItemField] = []
            if let start = change.start { event.start = start; fields.append(.start) }
            if let end = change.end { event.end = end; fields.append(.end) }
            if let subject = change.subject { event.properties.subject = subject; fields.append(.subject) }
            if let location = change.location { event.location = location; fields.append(.location) }
            if let body = change.body { event.properties.body = ItemBody(body); fields.append(.body) }
            updates.append(ItemUpdate(itemID: id, item: .calendarItem(event), fields: fields))
        }
        if !updates.isEmpty {
            _ = await client.updateItems(
                updates, conflictResolution: .autoResolve,
                sendMeetingInvitationsOrCancellations: send ? .sendToAllAndSaveCopy : .sendToNone, mailbox: mailbox)
        }
        let toDelete = deleted.compactMap { occurrences[$0] }
        if !toDelete.isEmpty {
            _ = await client.deleteItems(
                toDelete.map { ExchangeWebServices.ItemID($0.id) }, deleteType: .moveToDeletedItems,
                sendMeetingCancellations: send ? .sendToAllAndSaveCopy : .sendToNone, mailbox: mailbox)
        }
        guard case .success(let reread)? = await client.getItems([masterID], shape: .idOnly, mailbox: mailbox).first else { return nil }
        return reread.id?.changeKey
    }
}
