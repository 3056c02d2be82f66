import Foundation

/// What an `ItemId`, `OccurrenceItemId` or `RecurringMasterItemId` in a request points at.
enum ItemTarget {
    case item(id: String)
    case occurrence(masterId: String, originalStart: Date)

    static func resolve(_ element: XMLElementNode, in contents: MailboxContents, zone: TimeZone) throws(EWSError) -> ItemTarget {
        switch element.name {
        case "ItemId":
            if let id = element[attribute: "Id"], let occurrence = Identifiers.parseOccurrenceId(id) {
                guard let master = contents.items[occurrence.masterId], master.isRecurringMaster else { throw EWSError.itemNotFound() }
                guard try occurrenceExists(master, occurrence.originalStart, contents: contents, zone: zone) else {
                    throw EWSError.itemNotFound()
                }
                return .occurrence(masterId: occurrence.masterId, originalStart: occurrence.originalStart)
            }
            return .item(id: try TargetResolution.itemId(element, in: contents))
        case "RecurringMasterItemId":
            guard let id = element[attribute: "OccurrenceId"] else { throw EWSError.malformedId() }
            if let occurrence = Identifiers.parseOccurrenceId(id) {
                guard contents.items[occurrence.masterId]?.isRecurringMaster == true else { throw EWSError.itemNotFound() }
                return .item(id: occurrence.masterId)
            }
            let masterId = try TargetResolution.itemId(.t("ItemId", attributes: ["Id": id]), in: contents)
            guard contents.items[masterId]?.isRecurringMaster == true else {
                throw EWSError("ErrorItemNotFound", "The item is not an occurrence of a recurring series.")
            }
            return .item(id: masterId)
        case "OccurrenceItemId":
            guard let masterId = element[attribute: "RecurringMasterId"], let index = element[attribute: "InstanceIndex"].flatMap(Int.init)
            else { throw EWSError.malformedId() }
            let id = try TargetResolution.itemId(.t("ItemId", attributes: ["Id": masterId]), in: contents)
            guard let master = contents.items[id], master.isRecurringMaster else {
                throw EWSError("ErrorItemNotFound", "The item is not a recurring master.")
            }
            let starts = try CalendarExpansion.originalStarts(of: master, contents: contents, zone: zone, limit: .distantFuture, maximum: index)
            guard index >= 1, starts.count >= index else {
                throw EWSError("ErrorCalendarOccurrenceIndexIsOutOfRecurrenceRange", "Occurrence index is out of recurrence range.")
            }
            if master.deletedOccurrences.contains(starts[index - 1]) {
                throw EWSError("ErrorCalendarOccurrenceIsDeletedFromRecurrence", "Occurrence with this index was previously deleted from the recurrence.")
            }
            return .occurrence(masterId: id, originalStart: starts[index - 1])
        default:
            throw EWSError("ErrorInvalidRequest", "Unsupported item id element \(element.name).")
        }
    }

    private static func occurrenceExists(_ master: StoredItem, _ start: Date, contents: MailboxContents, zone: TimeZone) throws(EWSError) -> Bool {
        if master.deletedOccurrences.contains(start) { return false }
        let starts = try CalendarExpansion.originalStarts(
            of: master, contents: contents, zone: zone, limit: start.addingTimeInterval(1), maximum: 5000)
        return starts.contains(start)
    }
}
