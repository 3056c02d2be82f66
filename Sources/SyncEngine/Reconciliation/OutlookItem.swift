import Foundation

/// An item as read from a mailbox: its current version, fields, tag, and when it last changed.
public struct OutlookItem: Codable, Sendable, Hashable {
    public var reference: ItemReference
    public var fields: FieldSet
    /// The `PrextraRecordId` property, present on items the service created or adopted.
    public var tag: SyncTag?
    /// The item's `LastModifiedTime` (used by `latest-wins`).
    public var modifiedAt: Date?

    public init(reference: ItemReference, fields: FieldSet, tag: SyncTag? = nil, modifiedAt: Date? = nil) {
        self.reference = reference
        self.fields = fields
        self.tag = tag
        self.modifiedAt = modifiedAt
    }

    public var id: ItemID { reference.id }
}
