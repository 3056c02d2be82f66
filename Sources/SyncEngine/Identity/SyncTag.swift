/// The value of the `PrextraRecordId` named property written on every item the service creates.
///
/// The tag is the id of the record the item mirrors, so that after a crash a search by tag finds
/// the item of a record directly, and a full resync re-matches items without a content guess.
public struct SyncTag: OpaqueIdentifier, Comparable {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    /// The tag of the item that mirrors `record`.
    public init(record: RecordID) { self.rawValue = record.rawValue }

    /// The record this tag names.
    public var recordID: RecordID { RecordID(rawValue) }
}
