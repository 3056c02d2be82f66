/// What the CRM side reports for one mailbox and kind: records changed and deleted since the last
/// cycle, or (when `isComplete`) every record, in which case a linked record that is absent counts as deleted.
///
/// A changed record that no longer lists this mailbox among its owners removes the item from this mailbox.
public struct CRMChanges: Codable, Sendable, Hashable {
    public var changed: [CRMRecord]
    public var deleted: Set<RecordID>
    public var isComplete: Bool

    public init(changed: [CRMRecord] = [], deleted: Set<RecordID> = [], isComplete: Bool = false) {
        self.changed = changed
        self.deleted = deleted
        self.isComplete = isComplete
    }

    /// Every record of the kind (a full resync).
    public static func complete(_ records: [CRMRecord]) -> CRMChanges {
        CRMChanges(changed: records, deleted: [], isComplete: true)
    }
}
