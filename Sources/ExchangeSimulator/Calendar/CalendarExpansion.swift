import Foundation

/// Expands recurring masters into the occurrences and exceptions FindItem's CalendarView returns.
enum CalendarExpansion {
    static func zone(of item: StoredItem, mailboxZone: TimeZone) -> TimeZone {
        item.property("StartTimeZone")?[attribute: "Id"].flatMap(TimeZoneResolution.timeZone(windowsId:)) ?? mailboxZone
    }

    static func start(of item: StoredItem) -> Date? {
        item.property("Start").flatMap { EWSDateTime.parse($0.text, floatingIn: .gmt) }
    }

    static func end(of item: StoredItem) -> Date? {
        item.property("End").flatMap { EWSDateTime.parse($0.text, floatingIn: .gmt) }
    }

    /// Original starts of the series, deleted occurrences included.
    static func originalStarts(of master: StoredItem, contents: MailboxContents, zone: TimeZone, limit: Date, maximum: Int)
        throws(EWSError) -> [Date]
    {
        guard let recurrence = master.property("Recurrence"), let start = start(of: master) else { return [] }
        let rule = try RecurrenceRule(recurrence)
        return rule.occurrenceStarts(masterStart: start, zone: Self.zone(of: master, mailboxZone: zone), limit: limit, maximum: maximum)
    }

    /// One occurrence or exception, as CalendarView lists it.
    struct Instance {
        var itemId: String
        var originalStart: Date
        var start: Date
        var end: Date
        var isException: Bool
        var overrides: [XMLElementNode]
    }

    /// The occurrence or exception whose original start is `originalStart`, wherever it was moved.
    static func instance(of master: StoredItem, originalStart: Date, contents: MailboxContents, mailboxZone: TimeZone)
        throws(EWSError) -> Instance?
    {
        try instances(of: master, contents: contents, mailboxZone: mailboxZone, from: .distantPast, to: .distantFuture,
            originalLimit: originalStart.addingTimeInterval(1)).first { $0.originalStart == originalStart }
    }

    /// Instances overlapping [from, to). An exception moved out of its original slot counts where it is now.
    static func instances(
        of master: StoredItem, contents: MailboxContents, mailboxZone: TimeZone, from: Date, to: Date, originalLimit: Date? = nil
    ) throws(EWSError) -> [Instance] {
        guard let masterStart = start(of: master), let masterEnd = end(of: master) else { return [] }
        let duration = masterEnd.timeIntervalSince(masterStart)
        // Exceptions may have moved: expand a little past the window (a week) and filter on actual times.
        let limit = originalLimit ?? (to == .distantFuture ? to : to.addingTimeInterval(7 * 86_400))
        let starts = try originalStarts(of: master, contents: contents, zone: mailboxZone, limit: limit, maximum: 5000)
        var result: [Instance] = []
        for (index, original) in starts.enumerated() where !master.deletedOccurrences.contains(original) {
            let id = Identifiers.occurrenceId(masterId: master.id, originalStart: original)
            var instance = Instance(
                itemId: id, originalStart: original, start: original, end: original.addingTimeInterval(duration),
                isException: false, overrides: [])
            if let exception = master.modifiedOccurrences[original] {
                instance.isException = true
                instance.overrides = exception.properties
                if let value = exception.properties.first(where: { $0.name == "Start" }), let date = EWSDateTime.parse(value.text, floatingIn: .gmt) {
                    instance.start = date
                }
                if let value = exception.properties.first(where: { $0.name == "End" }), let date = EWSDateTime.parse(value.text, floatingIn: .gmt) {
                    instance.end = date
                }
            }
            _ = index
            if instance.end > from && instance.start < to { result.append(instance) }
        }
        return result
    }

    /// The properties that make an occurrence differ from its master in a response.
    static func occurrenceOverrides(_ instance: Instance, master: StoredItem) -> [XMLElementNode] {
        var elements = instance.overrides.filter { $0.name != "Start" && $0.name != "End" }
        elements.append(.t("Start", EWSDateTime.format(instance.start)))
        elements.append(.t("End", EWSDateTime.format(instance.end)))
        elements.append(.t("CalendarItemType", instance.isException ? "Exception" : "Occurrence"))
        elements.append(.t("IsRecurring", "true"))
        elements.append(.t("OriginalStart", EWSDateTime.format(instance.originalStart)))
        elements.append(.t("RecurrenceId", EWSDateTime.format(instance.originalStart)))
        return elements
    }

    /// The ItemId of an occurrence: an exception keeps its own ChangeKey.
    static func occurrenceIdElement(_ instance: Instance, master: StoredItem) -> XMLElementNode {
        let changeKey = master.modifiedOccurrences[instance.originalStart]?.changeKey ?? master.changeKey
        return .t("ItemId", attributes: ["Id": instance.itemId, "ChangeKey": changeKey])
    }
}
