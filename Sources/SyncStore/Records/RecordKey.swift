import SyncEngine

/// A CRM record's identity within an environment: its entity kind and id.
public struct RecordKey: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var entity: EntityKind
    public var id: RecordID

    public init(_ entity: EntityKind, _ id: RecordID) {
        self.entity = entity
        self.id = id
    }

    public var description: String { "\(entity.rawValue)/\(id.rawValue)" }

    public static func < (lhs: RecordKey, rhs: RecordKey) -> Bool {
        (lhs.entity, lhs.id) < (rhs.entity, rhs.id)
    }
}
