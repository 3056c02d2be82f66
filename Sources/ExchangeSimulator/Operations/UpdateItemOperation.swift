import Foundation

/// UpdateItem: batched ItemChanges with ChangeKey concurrency per ConflictResolution.
struct UpdateItemOperation: EWSOperation {
    static let name = "UpdateItem"

    func respond(to request: XMLElementNode, in context: OperationContext) throws(EWSError) -> XMLElementNode {
        let resolution = request[attribute: "ConflictResolution"] ?? "AutoResolve"
        let invitations = request[attribute: "SendMeetingInvitationsOrCancellations"]
        let updater = ItemUpdate(order: context.order, timeZoneContext: context.timeZoneContext)
        let messages = context.mailbox.withContents { (contents: inout MailboxContents) -> [XMLElementNode] in
            var messages: [XMLElementNode] = []
            let zone = context.mailboxTimeZone(contents)
            for change in request.child("ItemChanges")?.children ?? [] {
                do throws(EWSError) {
                    guard let idElement = change.children.first, let updates = change.child("Updates") else {
                        throw EWSError("ErrorInvalidRequest", "An ItemChange needs an item id and Updates.")
                    }
                    let target = try ItemTarget.resolve(idElement, in: contents, zone: zone)
                    if contents.isOverQuota { throw EWSError.quotaExceeded }
                    let renderer: ItemRenderer
                    let result: XMLElementNode
                    switch target {
                    case .item(let id):
                        let original = contents.items[id]!
                        try checkChangeKey(idElement, current: original.changeKey, resolution: resolution)
                        var updated = try updater.apply(updates, to: original)
                        try ItemBuilder(order: context.order, timeZoneContext: context.timeZoneContext).complete(&updated)
                        updated.touch(at: context.now)
                        contents.replace(updated)
                        if let invitations, invitations != "SendToNone" {
                            MeetingMail.record(.update, for: updated, mode: invitations, context: context, organizer: contents.primarySmtpAddress)
                        }
                        renderer = ItemRenderer(contents: contents, order: context.order)
                        result = renderer.render(updated, shape: .idOnly)
                    case .occurrence(let masterId, let originalStart):
                        var master = contents.items[masterId]!
                        let existing = master.modifiedOccurrences[originalStart]
                        try checkChangeKey(idElement, current: existing?.changeKey ?? master.changeKey, resolution: resolution)
                        // Apply the updates to a single-item view of the occurrence, keep what differs.
                        var occurrence = master
                        occurrence.removeProperty("Recurrence")
                        let duration = (CalendarExpansion.end(of: master) ?? originalStart).timeIntervalSince(CalendarExpansion.start(of: master) ?? originalStart)
                        occurrence.setProperty(.t("Start", EWSDateTime.format(originalStart)))
                        occurrence.setProperty(.t("End", EWSDateTime.format(originalStart.addingTimeInterval(duration))))
                        for property in existing?.properties ?? [] { occurrence.setProperty(property) }
                        let before = occurrence
                        if updates.children.contains(where: { $0.children.first?[attribute: "FieldURI"] == "calendar:Recurrence" }) {
                            throw EWSError("ErrorInvalidPropertySet", "An occurrence cannot have its own recurrence.")
                        }
                        occurrence = try updater.apply(updates, to: occurrence)
                        // Exchange checks an occurrence like any calendar item.
                        if let start = occurrence.property("Start")?.text, let end = occurrence.property("End")?.text, start > end {
                            throw EWSError("ErrorCalendarEndDateIsEarlierThanStartDate", "EndDate is earlier than StartDate")
                        }
                        let overrides = occurrence.properties.filter { property in
                            property.name == "Start" || property.name == "End"
                                || before.property(property.name) != property || existing?.properties.contains(where: { $0.name == property.name }) == true
                        }
                        let occurrenceId = Identifiers.occurrenceId(masterId: masterId, originalStart: originalStart)
                        let changeKey = Identifiers.newChangeKey(version: master.version + 1)
                        master.modifiedOccurrences[originalStart] = .init(itemId: occurrenceId, changeKey: changeKey, properties: overrides)
                        master.touch(at: context.now)
                        contents.replace(master)
                        if let invitations, invitations != "SendToNone" {
                            MeetingMail.record(.update, for: master, mode: invitations, context: context, organizer: contents.primarySmtpAddress)
                        }
                        result = .t("CalendarItem", children: [.t("ItemId", attributes: ["Id": occurrenceId, "ChangeKey": changeKey])])
                    }
                    messages.append(
                        ResponseMessage.success(Self.name, [.m("Items", children: [result]), .m("ConflictResults", children: [.t("Count", "0")])]))
                } catch {
                    messages.append(ResponseMessage.error(Self.name, error, [.m("Items")]))
                }
            }
            return messages
        }
        return ResponseMessage.envelope(Self.name, messages)
    }

    /// AutoResolve and NeverOverwrite need the current ChangeKey; AlwaysOverwrite ignores it.
    private func checkChangeKey(_ idElement: XMLElementNode, current: String, resolution: String) throws(EWSError) {
        guard resolution != "AlwaysOverwrite" else { return }
        guard let key = idElement[attribute: "ChangeKey"] else { throw EWSError.changeKeyRequired() }
        guard Identifiers.isChangeKey(key) else { throw EWSError.invalidChangeKey() }
        guard key == current else { throw EWSError.irresolvableConflict() }
    }
}
