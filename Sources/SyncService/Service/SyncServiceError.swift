import SyncEngine

/// Requests to the service that cannot be served.
public enum SyncServiceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No valid environment of that name is configured.
    case unknownEnvironment(String)
    /// The mailbox is not enrolled in the environment (or is disabled).
    case mailboxNotEnrolled(environment: String, mailbox: MailboxAddress)

    public var description: String {
        switch self {
        case .unknownEnvironment(let name):
            "environment \(name) is not configured, or its configuration has errors (run `prextra-sync config check`)"
        case .mailboxNotEnrolled(let environment, let mailbox):
            "mailbox \(mailbox) is not enrolled in environment \(environment) (enrol it with `prextra-sync mailboxes add`)"
        }
    }
}
