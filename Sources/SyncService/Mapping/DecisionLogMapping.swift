import SyncEngine
import SyncStore

/// Turns the engine's decisions and conflicts into the entries the store logs.
enum DecisionLogMapping {
    /// The log entry for a decision, or `nil` for decisions not worth a row: an item that is not
    /// a record's (no record id), and the steady state (no change, our own echo), which every
    /// cycle would otherwise log again.
    static func entry(for decision: SyncEngine.Decision) -> LoggedDecision? {
        guard let recordID = decision.recordID else { return nil }
        if case .skip = decision.action, decision.reason == .noChange || decision.reason == .echo { return nil }
        let action: DecisionAction
        var target: DecisionTarget
        var fields: [String] = []
        switch decision.action {
        case .createItem: (action, target) = (.create, .outlook)
        case .createRecord: (action, target) = (.create, .crm)
        case .link(let itemFields, let recordFields), .update(let itemFields, let recordFields):
            if case .link = decision.action { action = .link } else { action = .update }
            fields = Array(Set(itemFields + recordFields)).sorted()
            switch (itemFields.isEmpty, recordFields.isEmpty) {
            case (false, false): target = .both
            case (false, true): target = .outlook
            case (true, false): target = .crm
            case (true, true): target = .neither
            }
        case .deleteItem: (action, target) = (.delete, .outlook)
        case .deleteRecord: (action, target) = (.delete, .crm)
        case .unlink: (action, target) = (.unlink, .neither)
        case .skip: (action, target) = (.skip, .neither)
        }
        return LoggedDecision(
            mailbox: decision.mailbox, record: RecordKey(decision.kind, recordID), itemID: decision.itemID?.rawValue,
            action: action, target: target, fields: fields, reason: decision.reason.rawValue)
    }

    /// The log entry for a conflict of a step, attributed to the step's record.
    static func entry(
        for conflict: SyncEngine.Conflict, decision: SyncEngine.Decision, policy: ConflictPolicy
    ) -> LoggedConflict? {
        guard let recordID = conflict.recordID ?? decision.recordID else { return nil }
        return LoggedConflict(
            mailbox: decision.mailbox, record: RecordKey(decision.kind, recordID),
            itemID: (conflict.itemID ?? decision.itemID)?.rawValue,
            fields: [ConflictField(name: conflict.field, base: conflict.base, crm: conflict.crm, outlook: conflict.outlook)],
            policy: policy.rawValue, winner: conflict.winner == .crm ? .crm : .outlook)
    }
}
