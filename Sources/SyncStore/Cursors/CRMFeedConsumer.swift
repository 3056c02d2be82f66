import SyncEngine

/// Who consumes the CRM change feed, each with its own position: the whole environment, or
/// one mailbox when mailboxes are synchronized independently.
public enum CRMFeedConsumer: Sendable, Hashable, Codable, CustomStringConvertible {
    case environment
    case mailbox(MailboxAddress)

    public var description: String {
        switch self {
        case .environment: "the environment"
        case .mailbox(let address): "mailbox \(address)"
        }
    }
}
