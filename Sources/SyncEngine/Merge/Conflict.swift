import Foundation

/// A field both sides changed, to different values, since the base: how it was settled and why.
public struct Conflict: Codable, Sendable, Hashable, CustomStringConvertible {
    /// Why the winner won.
    public enum Reason: Codable, Sendable, Hashable {
        /// The environment's policy is `crm-wins`.
        case crmWinsPolicy
        /// The environment's policy is `outlook-wins`.
        case outlookWinsPolicy
        /// `latest-wins`, and this side was modified later (or at the same instant: the CRM).
        case modifiedLater(crm: Date?, outlook: Date?)
        /// `latest-wins` without both modification instants: the CRM wins.
        case modificationInstantMissing(crm: Date?, outlook: Date?)
    }

    public var recordID: RecordID?
    public var itemID: ItemID?
    public var field: String
    /// The value both sides agreed on last time; `nil` when absent or when the pair had no base
    /// (matched by tag or content during a full resync).
    public var base: FieldValue?
    public var crm: FieldValue?
    public var outlook: FieldValue?
    public var winner: SyncSide
    public var why: Reason

    public init(
        recordID: RecordID? = nil, itemID: ItemID? = nil, field: String, base: FieldValue?, crm: FieldValue?,
        outlook: FieldValue?, winner: SyncSide, why: Reason
    ) {
        self.recordID = recordID
        self.itemID = itemID
        self.field = field
        self.base = base
        self.crm = crm
        self.outlook = outlook
        self.winner = winner
        self.why = why
    }

    public var description: String {
        let subject = recordID.map { "record \($0)" } ?? itemID.map { "item \($0)" } ?? "field"
        let because: String
        switch why {
        case .crmWinsPolicy: because = "policy crm-wins"
        case .outlookWinsPolicy: because = "policy outlook-wins"
        case .modifiedLater: because = "latest-wins: \(winner.rawValue) modified later"
        case .modificationInstantMissing: because = "latest-wins without both modification instants: crm"
        }
        return "\(subject): '\(field)' changed on both sides, \(winner.rawValue) wins (\(because))"
    }
}
