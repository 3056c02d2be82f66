import Foundation

/// Field-level three-way merge of a CRM record and an Outlook item against their base.
///
/// A field changed on one side only takes that side's value; a field changed on both sides to the
/// same value is no conflict; a field changed on both sides to different values is settled by the
/// conflict policy and reported as a `Conflict`. The direction restricts which side may write:
/// a one-way direction makes the source side win every field, without conflicts.
public struct ThreeWayMerge: Sendable {
    public var policy: EntityPolicy

    public init(policy: EntityPolicy) { self.policy = policy }

    /// Merges `crm` and `outlook` against `base`. Without a base (a pair matched by tag or content),
    /// a field present on one side only is taken from it, and a field present on both sides with
    /// different values is a conflict.
    public func merge(
        base: FieldSet?, crm: FieldSet, outlook: FieldSet, crmModifiedAt: Date? = nil, outlookModifiedAt: Date? = nil
    ) -> MergeOutcome {
        var merged = FieldSet()
        var conflicts: [Conflict] = []
        switch policy.direction {
        case .crmToOutlook: merged = crm
        case .outlookToCrm: merged = outlook
        case .off: merged = base ?? crm
        case .twoWay:
            var fields = Set(crm.values.keys).union(outlook.values.keys)
            if let base { fields.formUnion(base.values.keys) }
            for field in fields.sorted() {
                let baseValue = base?[field]
                let crmValue = crm[field]
                let outlookValue = outlook[field]
                let crmChanged = crmValue != baseValue
                let outlookChanged = outlookValue != baseValue
                if crmValue == outlookValue {
                    merged[field] = crmValue
                } else if crmChanged && !outlookChanged {
                    merged[field] = crmValue
                } else if outlookChanged && !crmChanged {
                    merged[field] = outlookValue
                } else {
                    let (winner, why) = settle(crmModifiedAt: crmModifiedAt, outlookModifiedAt: outlookModifiedAt)
                    merged[field] = winner == .crm ? crmValue : outlookValue
                    conflicts.append(
                        Conflict(
                            field: field, base: baseValue, crm: crmValue, outlook: outlookValue, winner: winner, why: why))
                }
            }
        }
        if policy.direction == .off {
            return MergeOutcome(merged: merged, crmPatch: FieldPatch(), outlookPatch: FieldPatch(), conflicts: [])
        }
        return MergeOutcome(
            merged: merged,
            crmPatch: FieldPatch(from: crm, to: merged),
            outlookPatch: FieldPatch(from: outlook, to: merged),
            conflicts: conflicts)
    }

    private func settle(crmModifiedAt: Date?, outlookModifiedAt: Date?) -> (SyncSide, Conflict.Reason) {
        switch policy.conflict {
        case .crmWins: return (.crm, .crmWinsPolicy)
        case .outlookWins: return (.outlook, .outlookWinsPolicy)
        case .latestWins:
            guard let crmAt = crmModifiedAt, let outlookAt = outlookModifiedAt else {
                return (.crm, .modificationInstantMissing(crm: crmModifiedAt, outlook: outlookModifiedAt))
            }
            let winner: SyncSide = outlookAt > crmAt ? .outlook : .crm
            return (winner, .modifiedLater(crm: crmAt, outlook: outlookAt))
        }
    }
}
