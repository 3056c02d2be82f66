import SyncEngine
import SyncStore

/// One logged decision, as the narrative shows it: what flowed where, and why.
struct DemoFlow: Codable, Sendable, Hashable {
    var decisionID: Int64
    var mailbox: String?
    var record: String
    var kind: String
    var action: String
    /// `CRM → Outlook`, `Outlook → CRM`, `both ways` or `nowhere`.
    var direction: String
    var fields: [String]
    var reason: String

    init(_ entry: DecisionEntry) {
        let decision = entry.decision
        decisionID = entry.id
        mailbox = decision.mailbox?.rawValue
        record = decision.record.id.rawValue
        kind = decision.record.entity.rawValue
        action = decision.action.rawValue
        direction = Self.direction(decision.target)
        fields = decision.fields
        reason = decision.reason
    }

    static func direction(_ target: DecisionTarget) -> String {
        switch target {
        case .outlook: "CRM → Outlook"
        case .crm: "Outlook → CRM"
        case .both: "both ways"
        case .neither: "nowhere"
        }
    }

    /// Whether the decision wrote anything (skips and no-change links are left out of the narrative).
    var wrote: Bool { direction != "nowhere" }
}

/// Reads the decision log newer than a given entry, oldest first.
struct DemoDecisionReader: Sendable {
    let store: any SyncStore
    let environment: String

    /// The id of the newest decision so far (0 when the log is empty).
    func newestID() async throws -> Int64 {
        try await store.decisions(environment: environment, matching: DecisionQuery(limit: 1)).first?.id ?? 0
    }

    func decisions(after id: Int64) async throws -> [DecisionEntry] {
        var collected: [DecisionEntry] = []
        var before: Int64? = nil
        while true {
            let page = try await store.decisions(environment: environment, matching: DecisionQuery(before: before, limit: 500))
            let newer = page.filter { $0.id > id }
            collected += newer
            guard newer.count == page.count, page.count == 500, let last = page.last else { break }
            before = last.id
        }
        return collected.sorted { $0.id < $1.id }
    }
}
