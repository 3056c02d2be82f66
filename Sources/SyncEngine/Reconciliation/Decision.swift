import Foundation

/// What the engine decided for one record or item, and why: the answer to "why is this item like this?".
public struct Decision: Codable, Sendable, Hashable, CustomStringConvertible {
    public enum Action: Codable, Sendable, Hashable {
        /// Create an item in the mailbox from the record.
        case createItem
        /// Create a record in the CRM from the item.
        case createRecord
        /// Pair an existing record and item (by tag, by content, or by a recovered intent) and write what differs.
        case link(itemFields: [String], recordFields: [String])
        /// Write these fields: `itemFields` to Outlook, `recordFields` to the CRM.
        case update(itemFields: [String], recordFields: [String])
        /// Delete the item from this mailbox (the link goes with it).
        case deleteItem
        /// Delete the record from the CRM (the link goes with it).
        case deleteRecord
        /// Stop synchronizing the pair; both sides keep what they have.
        case unlink
        /// Write nothing.
        case skip
    }

    public enum Reason: String, Codable, Sendable, Hashable {
        case newRecord = "new record owned by the mailbox"
        case optedIn = "created in Outlook with the opt-in category"
        case changed = "changed since the last sync"
        case changedInCRM = "changed in the CRM"
        case changedInOutlook = "changed in Outlook"
        case deletedInCRM = "deleted in the CRM"
        case deletedInOutlook = "deleted in Outlook"
        case deletedOnBothSides = "deleted on both sides"
        case deleteWinsOverEdit = "deleted on one side, which wins over the edit on the other"
        case ownerRemoved = "the mailbox no longer owns the record"
        case matchedByTag = "matched by tag"
        case matchedByContent = "matched by content"
        case recoveredIntent = "created before an interruption, found by its tag"
        case foundByTag = "its id changed (a move, a cut and paste, a re-import): found again by its tag"
        case retryIntent = "create interrupted before the item existed: retried"
        case mirrorRestored = "the direction makes the other side the source: restored"
        case notOptedIn = "created in Outlook without the opt-in category"
        case directionOff = "direction is off for this kind"
        case directionForbids = "the direction does not let this side write"
        case echo = "echo of our own write"
        case noChange = "no change"
        case notOwned = "not owned by this mailbox"
        case notLinked = "not linked"
        case detached = "the pair was unlinked"
        case recordUnavailable = "tagged with a record the CRM side did not provide"
        case duplicate = "a second item created for a record that is already linked"
    }

    public var mailbox: MailboxAddress
    public var kind: EntityKind
    public var recordID: RecordID?
    public var itemID: ItemID?
    public var action: Action
    public var reason: Reason
    public var decidedAt: Date

    public init(
        mailbox: MailboxAddress, kind: EntityKind, recordID: RecordID?, itemID: ItemID?, action: Action, reason: Reason,
        decidedAt: Date
    ) {
        self.mailbox = mailbox
        self.kind = kind
        self.recordID = recordID
        self.itemID = itemID
        self.action = action
        self.reason = reason
        self.decidedAt = decidedAt
    }

    /// Whether the decision writes anything to either side.
    public var writes: Bool {
        switch action {
        case .skip, .unlink: false
        case .link(let itemFields, let recordFields), .update(let itemFields, let recordFields):
            !itemFields.isEmpty || !recordFields.isEmpty
        default: true
        }
    }

    public var description: String {
        var subject = "\(mailbox) \(kind.rawValue)"
        if let recordID { subject += " record \(recordID)" }
        if let itemID { subject += " item \(itemID)" }
        let what: String
        switch action {
        case .createItem: what = "create in Outlook"
        case .createRecord: what = "create in the CRM"
        case .link(let itemFields, let recordFields): what = "link" + Self.fields(itemFields, recordFields)
        case .update(let itemFields, let recordFields): what = "update" + Self.fields(itemFields, recordFields)
        case .deleteItem: what = "delete from Outlook"
        case .deleteRecord: what = "delete from the CRM"
        case .unlink: what = "unlink"
        case .skip: what = "skip"
        }
        return "\(subject): \(what), because \(reason.rawValue)"
    }

    private static func fields(_ itemFields: [String], _ recordFields: [String]) -> String {
        var parts: [String] = []
        if !itemFields.isEmpty { parts.append("Outlook fields " + itemFields.joined(separator: ", ")) }
        if !recordFields.isEmpty { parts.append("CRM fields " + recordFields.joined(separator: ", ")) }
        return parts.isEmpty ? "" : " (" + parts.joined(separator: "; ") + ")"
    }
}
