/// What a delete on one side does to the other side. Raw values are those of `SyncEngine.DeletePolicy`.
public enum DeletePolicy: String, Sendable, Hashable, Codable, ConfigurationEnumValue {
    /// The other side's copy is deleted too (the default).
    case propagate
    /// The link is dropped and the other side's copy is kept.
    case unlink

    public var configurationName: String {
        switch self {
        case .propagate: "Propagate"
        case .unlink: "Unlink"
        }
    }
}
