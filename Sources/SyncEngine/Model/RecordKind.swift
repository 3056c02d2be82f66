/// The kinds of CRM record the ERP sees: the three the service synchronizes both ways
/// (`EntityKind`) and `email`, tracked one way from Outlook (`TrackedEmail`).
///
/// The Outlook change feed and its webhooks carry all four; the cycle, the connectors and the
/// links know only `EntityKind`, so no two-way code has to rule e-mail out.
public enum RecordKind: String, Codable, Sendable, CaseIterable, Hashable, Comparable {
    case contact
    case appointment
    case task
    case email

    public init(_ kind: EntityKind) {
        switch kind {
        case .contact: self = .contact
        case .appointment: self = .appointment
        case .task: self = .task
        }
    }

    /// The two-way kind, or `nil` for `email`.
    public var synchronized: EntityKind? {
        switch self {
        case .contact: .contact
        case .appointment: .appointment
        case .task: .task
        case .email: nil
        }
    }

    public static func < (lhs: RecordKind, rhs: RecordKind) -> Bool { lhs.rawValue < rhs.rawValue }
}
