/// The writes and the link change for one record or item, with the decision that explains them.
///
/// To carry out a step: persist `outlook`'s intent if it is a create, perform `outlook`, perform `crm`,
/// then commit `committedLink(outlookResult:)` (or remove the link), all before advancing any cursor.
/// Each write is idempotent on replay, so a step interrupted anywhere can be planned again.
public struct PlanStep: Codable, Sendable, Hashable {
    public var decision: Decision
    public var outlook: OutlookOperation?
    public var crm: CRMOperation?
    public var link: LinkOutcome
    public var conflicts: [Conflict]

    public init(
        decision: Decision, outlook: OutlookOperation? = nil, crm: CRMOperation? = nil, link: LinkOutcome = .unchanged,
        conflicts: [Conflict] = []
    ) {
        self.decision = decision
        self.outlook = outlook
        self.crm = crm
        self.link = link
        self.conflicts = conflicts
    }

    /// The link to store after the writes, given the item reference the Outlook write returned
    /// (required when `outlook` is a create or an update, ignored otherwise). `nil` when nothing is stored.
    public func committedLink(outlookResult: ItemReference?) -> Link? {
        guard case .upsert(var link) = link else { return nil }
        switch outlook {
        case .create?, .update?:
            if let outlookResult { link.item = outlookResult }
        default: break
        }
        return link
    }

    /// The record whose link this step removes, if any.
    public var removedLink: RecordID? {
        if case .remove(let id) = link { return id }
        return nil
    }
}
