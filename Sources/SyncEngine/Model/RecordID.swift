/// The ERP's identifier of a CRM record, unique within an environment and an entity kind.
public struct RecordID: OpaqueIdentifier, Comparable {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
}
