/// The result of merging one pair: the agreed fields, what to write to each side, and the conflicts.
public struct MergeOutcome: Sendable, Hashable {
    /// The fields both sides hold after the patches are applied: the new base.
    public var merged: FieldSet
    /// What to write to the CRM record (empty when the CRM already holds `merged`).
    public var crmPatch: FieldPatch
    /// What to write to the Outlook item (empty when the item already holds `merged`).
    public var outlookPatch: FieldPatch
    public var conflicts: [Conflict]
}
