/// Whether a tracked message was sent by one of the environment's employees or received from outside.
public enum EmailDirection: String, Sendable, Hashable, Codable, CaseIterable {
    /// The sender is an enrolled mailbox of the environment.
    case outbound
    /// The sender is anyone else.
    case inbound
}
