/// The kinds of CRM record the service synchronizes with Outlook, both ways (`RecordKind` adds
/// `email`, tracked one way).
public enum EntityKind: String, Codable, Sendable, CaseIterable, Hashable, Comparable {
    case contact
    case appointment
    case task

    public static func < (lhs: EntityKind, rhs: EntityKind) -> Bool { lhs.rawValue < rhs.rawValue }
}
