import Foundation

/// A CRM record as the engine sees it: its fields, the mailboxes that own it, and when it last changed.
public struct CRMRecord: Codable, Sendable, Hashable {
    public var id: RecordID
    public var fields: FieldSet
    /// The mailboxes the record must appear in (one item in each).
    public var owners: Set<MailboxAddress>
    /// When the record was last modified in the CRM (used by `latest-wins`).
    public var modifiedAt: Date?

    public init(id: RecordID, fields: FieldSet, owners: Set<MailboxAddress>, modifiedAt: Date? = nil) {
        self.id = id
        self.fields = fields
        self.owners = owners
        self.modifiedAt = modifiedAt
    }
}
