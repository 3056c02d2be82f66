import ExchangeWebServices
import Foundation
import Logging
import SyncEngine

/// Modified and deleted occurrences of recurring series. EWS keeps them on the occurrences, not
/// on the master: a master lists them (ids, starts, original starts) and each is read, changed or
/// deleted as an item of its own.
enum AppointmentOccurrences {
    static let detailShape = ItemShape(
        baseShape: .idOnly, bodyType: .text,
        additionalProperties: [.subject, .location, .body, .start, .end, .property("calendar:OriginalStart")])

    static let masterShape = ItemShape(
        baseShape: .idOnly, bodyType: .text,
        additionalProperties: [
            .property("calendar:UID"), .start, .end, .subject, .location, .body, .property("calendar:ModifiedOccurrences"),
        ])

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
        _ writes: inout PlannedWrites, operations: [OutlookOperation], client: ExchangeWebServicesClient, mailbox: String,
        logger: Logger
    ) async throws {
        for (index, operation) in operations.enumerated() {
            guard case .written(let reference)? = writes.results[index] else { continue }
            let changes: [OccurrenceChange]
            let deleted: [Date]
            let send: Bool
            var replacesChanges = false
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
                replacesChanges = patch.fieldNames.contains(FieldName.modifiedOccurrences)
            case .delete:
                continue
            }
            guard !changes.isEmpty || !deleted.isEmpty || replacesChanges else { continue }
            if let newKey = try await apply(
                changes: changes, replacesChanges: replacesChanges, deleted: deleted, master: reference, send: send, client: client,
                mailbox: mailbox, logger: logger)
            {
                writes.results[index] = .written(ItemReference(id: reference.id, changeKey: ChangeKey(newKey)))
            }
        }
    }

    /// Returns the master's ChangeKey after the occurrence writes.
    private static func apply(
        changes: [OccurrenceChange], replacesChanges: Bool, deleted: [Date], master: ItemReference, send: Bool,
        client: ExchangeWebServicesClient, mailbox: String, logger: Logger
    ) async throws -> String? {
        var problems: [String] = []
        defer {
            if !problems.isEmpty {
                logger.error(
                    "Occurrences of a series could not all be written",
                    metadata: ["mailbox": "\(mailbox)", "item": "\(master.id)", "problems": "\(problems.joined(separator: "; "))"])
            }
        }
        let masterID = ExchangeWebServices.ItemID(master.id.rawValue)
        guard case .success(let masterItem)? = await client.getItems([masterID], shape: masterShape, mailbox: mailbox).first,
            let series = masterItem.calendarItem, let uid = series.uid
        else { return nil }
        let originalStarts = changes.map(\.originalStart) + deleted
        var occurrences: [Date: ExchangeWebServices.ItemID] = [:]
        // Narrow calendar views around the wanted original starts: a view returns every item of the
        // calendar in its range (up to a cap), so a wide one could miss ours behind other series.
        var remaining = originalStarts.sorted()
        while let first = remaining.first {
            let inWindow = remaining.prefix { $0 < first.addingTimeInterval(3 * 86_400) }
            remaining.removeFirst(inWindow.count)
            let view = try await client.calendarView(
                from: first.addingTimeInterval(-86_400), to: (inWindow.last ?? first).addingTimeInterval(86_400),
                shape: viewShape, mailbox: mailbox)
            for occurrence in view where occurrence.uid == uid {
                if let originalStart = occurrence.originalStart ?? occurrence.start, let id = occurrence.properties.id {
                    occurrences[originalStart] = id
                }
            }
        }
        // Each occurrence written whole: what the change does not set is what the series gives it,
        // so that an occurrence changed before (moved, renamed) ends as the change says.
        let duration = series.start.flatMap { start in series.end.map { $0.timeIntervalSince(start) } } ?? 0
        func occurrence(_ originalStart: Date, _ change: OccurrenceChange?) -> CalendarItem {
            let start = change?.start ?? originalStart
            var event = CalendarItem(start: start, end: change?.end ?? start.addingTimeInterval(duration))
            event.properties.subject = change?.subject ?? series.subject
            event.location = change?.location ?? series.location
            event.properties.body = change?.body.map { ItemBody($0) } ?? series.body
            return event
        }
        let wholeOccurrence: [ItemField] = [.start, .end, .subject, .location, .body]
        var updates: [ItemUpdate] = []
        for change in changes {
            guard let id = occurrences[change.originalStart] else {
                problems.append("no occurrence starts at \(EWSDateTime.string(from: change.originalStart))")
                continue
            }
            // No ChangeKey: each occurrence write changes the series' version, and these occurrences
            // were looked up just now to receive what the CRM holds.
            updates.append(
                ItemUpdate(
                    itemID: ExchangeWebServices.ItemID(id.id), item: .calendarItem(occurrence(change.originalStart, change)),
                    fields: wholeOccurrence))
        }
        if replacesChanges {
            // Occurrences changed before but no longer: back to what the series gives them.
            let wanted = Set(changes.map(\.originalStart))
            for modified in series.modifiedOccurrences {
                guard let originalStart = modified.originalStart, !wanted.contains(originalStart), let id = modified.itemID else {
                    continue
                }
                updates.append(
                    ItemUpdate(
                        itemID: ExchangeWebServices.ItemID(id.id), item: .calendarItem(occurrence(originalStart, nil)),
                        fields: wholeOccurrence))
            }
        }
        if !updates.isEmpty {
            let results = await client.updateItems(
                updates, conflictResolution: .alwaysOverwrite,
                sendMeetingInvitationsOrCancellations: send ? .sendToAllAndSaveCopy : .sendToNone, mailbox: mailbox)
            for case .failure(let error) in results { problems.append("update: \(error)") }
        }
        var toDelete: [ExchangeWebServices.ItemID] = []
        for start in deleted {
            // An occurrence the view does not show is already deleted.
            if let id = occurrences[start] { toDelete.append(ExchangeWebServices.ItemID(id.id)) }
        }
        if !toDelete.isEmpty {
            let results = await client.deleteItems(
                toDelete, deleteType: .moveToDeletedItems, sendMeetingCancellations: send ? .sendToAllAndSaveCopy : .sendToNone,
                mailbox: mailbox)
            for case .failure(let error) in results { problems.append("delete: \(error)") }
        }
        guard case .success(let reread)? = await client.getItems([masterID], shape: .idOnly, mailbox: mailbox).first else { return nil }
        return reread.id?.changeKey
    }
}
