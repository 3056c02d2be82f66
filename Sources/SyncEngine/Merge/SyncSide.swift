/// One of the two sides the engine keeps in sync.
public enum SyncSide: String, Codable, Sendable, Hashable, CaseIterable {
    case crm
    case outlook
}
