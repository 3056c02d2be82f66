/// What a delete on one side does to the other side of a link.
public enum DeletePolicy: String, Codable, Sendable, CaseIterable, Hashable {
    /// Delete the counterpart too.
    case propagate
    /// Keep the counterpart and stop synchronizing the pair (the link is detached).
    case unlink
}
