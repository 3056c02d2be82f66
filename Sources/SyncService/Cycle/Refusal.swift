import SyncEngine
import SyncStore

/// An Outlook write the server refused in this pass: the ledger entry it makes, the decision it
/// logs, and whether it quarantines the write.
struct Refusal {
    let write: RefusedWrite
    /// Which attempt this was: one more than a retrying failure's, 1 after a quarantine (only a
    /// change on either side, or an operator's retry, brings a quarantined write back).
    let attempt: Int
    let decision: LoggedDecision

    var quarantines: Bool { attempt >= write.maxAttempts }

    init(
        step: PlanStep, record: RecordKey, operation: OutlookOperation, code: String, message: String,
        previous: FailedItem?, maxAttempts: Int
    ) {
        let verb =
            switch operation {
            case .create: "create"
            case .update: "update"
            case .delete: "delete"
            }
        write = RefusedWrite(
            mailbox: step.decision.mailbox, record: record, itemID: step.decision.itemID?.rawValue, operation: verb,
            code: code, message: String(message.prefix(500)), remedy: Self.remedy(for: code), maxAttempts: maxAttempts)
        attempt = previous.map { $0.state == .retrying ? $0.attempts + 1 : 1 } ?? 1
        let outcome =
            attempt >= write.maxAttempts
            ? "quarantined after \(attempt) attempts: written again when the record or the item changes, or on a retry"
            : "attempt \(attempt) of \(write.maxAttempts), written again next cycle"
        decision = LoggedDecision(
            mailbox: write.mailbox, record: record, itemID: write.itemID, action: .refused, target: .outlook,
            reason: "the server refused the \(verb) (\(code)); \(outcome)")
    }

    /// What an operator (or the ERP's user) should do about a refusal, by the server's code.
    static func remedy(for code: String) -> String {
        switch code {
        case "ErrorCalendarEndDateIsEarlierThanStartDate", "ErrorCalendarInvalidRecurrence",
            "ErrorCalendarDurationIsTooLong", "ErrorCalendarOccurrenceIsDeletedFromRecurrence",
            "ErrorOccurrenceCrossingBoundary":
            "Correct the appointment's times or recurrence in the ERP (or in Outlook); it is written again when either side changes it."
        case "ErrorQuotaExceeded":
            "The mailbox is full: the user must free space, then retry the failed item."
        case "ErrorAccessDenied", "ErrorItemCorrupt":
            "Exchange refuses this item: check it in Outlook; dismiss the failure if the item is meant to stay as it is."
        case "PrextraMappingError":
            "The record holds a value Outlook cannot take (see the message): correct it in the ERP."
        default:
            "Correct the record in the ERP or the item in Outlook: it is written again when either side changes it, or retry it through the failures API."
        }
    }
}
