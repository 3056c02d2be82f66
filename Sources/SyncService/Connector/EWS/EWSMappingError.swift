import SyncEngine

/// Engine fields that cannot be written to (or an EWS item that cannot be read as) the entity's
/// EWS form. Reported as the operation's `.failed` result with code `PrextraMappingError`.
struct EWSMappingError: Error, Sendable, Hashable, CustomStringConvertible {
    static let code = "PrextraMappingError"

    var kind: EntityKind
    var field: String
    var problem: String

    var description: String { "\(kind.rawValue) field '\(field)': \(problem)" }
}
