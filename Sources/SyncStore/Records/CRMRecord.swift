import Foundation
import SyncEngine

/// A CRM record as the ERP last pushed it (or as Outlook changes updated it).
public struct CRMRecord: Sendable, Hashable, Codable {
    public var environment: String
    public var key: RecordKey
    public var fields: FieldSet
    /// The mailboxes the record belongs in: one item per owner.
    public var owners: Set<MailboxAddress>
    public var version: RecordVersion
    /// A tombstone: the record was deleted; it keeps its version and has no fields or owners.
    public var isDeleted: Bool
    public var updatedAt: Date

    public init(
        environment: String, key: RecordKey, fields: FieldSet, owners: Set<MailboxAddress>, version: RecordVersion,
        isDeleted: Bool, updatedAt: Date
    ) {
        self.environment = environment
        self.key = key
        self.fields = fields
        self.owners = owners
        self.version = version
        self.isDeleted = isDeleted
        self.updatedAt = updatedAt
    }
}
