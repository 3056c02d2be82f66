import Foundation

/// Records the meeting mail Exchange would send for a calendar write.
enum MeetingMail {
    static func attendees(of item: StoredItem) -> [String] {
        ["RequiredAttendees", "OptionalAttendees", "Resources"].flatMap { name in
            (item.property(name)?.children ?? []).compactMap { $0.descendant("Mailbox", "EmailAddress")?.text }
        }
    }

    /// `SendToNone` sends nothing; every other value mails the attendees.
    static func record(_ kind: SentInvitation.Kind, for item: StoredItem, mode: String, context: OperationContext, organizer: String) {
        guard item.kind == .calendarItem, mode != "SendToNone" else { return }
        let recipients = attendees(of: item)
        guard !recipients.isEmpty else { return }
        context.exchange.recordInvitation(
            SentInvitation(
                kind: kind, organizer: organizer, subject: item.subject ?? "", recipients: recipients, mode: mode,
                sentAt: context.now))
    }
}

extension ItemRenderer {
    /// An occurrence or exception of a recurring master, rendered as its own calendar item.
    func renderOccurrence(_ instance: CalendarExpansion.Instance, master: StoredItem, shape: ItemShape) -> XMLElementNode {
        var occurrence = master
        occurrence.removeProperty("Recurrence")
        occurrence.modifiedOccurrences = [:]
        occurrence.deletedOccurrences = []
        occurrence.id = instance.itemId
        occurrence.changeKey = master.modifiedOccurrences[instance.originalStart]?.changeKey ?? master.changeKey
        return render(occurrence, shape: shape, overrides: CalendarExpansion.occurrenceOverrides(instance, master: master))
    }
}
