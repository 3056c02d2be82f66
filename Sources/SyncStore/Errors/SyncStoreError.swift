import SyncEngine

/// What went wrong in the store, with what an operator needs to act on it.
///
/// Messages name environments, mailboxes, record and item ids, never field values: those
/// are customer data and stay out of logs.
public enum SyncStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The environment was never registered with ``EnvironmentStore/registerEnvironment(_:configFingerprint:)``.
    case unknownEnvironment(String)
    /// The mailbox is not enrolled in the environment.
    case unknownMailbox(environment: String, mailbox: MailboxAddress)
    /// The record does not exist (not even as a tombstone).
    case recordNotFound(environment: String, record: RecordKey)
    /// The caller's `If-Match` version is not the record's current version (HTTP 412).
    case preconditionFailed(environment: String, record: RecordKey, expected: RecordVersion?, actual: RecordVersion?)
    /// A link for this record already exists in this mailbox, to another item.
    case recordAlreadyLinked(environment: String, mailbox: MailboxAddress, record: RecordKey, existingItemID: String)
    /// This item is already linked to another record in this mailbox.
    case itemAlreadyLinked(environment: String, mailbox: MailboxAddress, itemID: String, existingRecord: RecordKey)
    /// An update or removal named a link that does not exist.
    case linkNotFound(environment: String, mailbox: MailboxAddress, record: RecordKey)
    /// The folder's sync state is no longer the one the cycle started from: another worker advanced it.
    case syncStateMoved(environment: String, mailbox: MailboxAddress, folderID: String)
    /// The CRM feed position is no longer the one the cycle started from.
    case crmFeedPositionMoved(environment: String, consumer: CRMFeedConsumer)
    /// The lease expired or was taken over by another worker; the work must not be committed.
    case leaseLost(resource: LeaseResource, holder: String)
    /// No pending intent has this id.
    case intentNotFound(environment: String, intentID: String)
    /// No run has this id.
    case runNotFound(environment: String, runID: RunID)
    /// A unit of work mixed environments.
    case environmentMismatch(expected: String, found: String)
    /// The Outlook feed entries after `position` were pruned (older than the feed retention): a
    /// reader that far behind must re-read the records, then continue from `oldest`.
    case feedPruned(environment: String, position: FeedPosition, oldest: FeedPosition)
    /// The database refused a write that would break one of its constraints.
    case constraintViolation(environment: String?, detail: String)
    /// The database could not be read or written (I/O, lock timeout, corruption, migration).
    case storageFailure(operation: String, code: Int32?, detail: String)

    public var description: String {
        switch self {
        case .unknownEnvironment(let environment):
            return "Environment '\(environment)' is not registered in the store. Check the Exchange section of the configuration."
        case .unknownMailbox(let environment, let mailbox):
            return "Mailbox \(mailbox) is not enrolled in environment '\(environment)'. Enrol it first."
        case .recordNotFound(let environment, let record):
            return "No \(record.entity.rawValue) '\(record.id)' in environment '\(environment)'."
        case .preconditionFailed(let environment, let record, let expected, let actual):
            return "The \(record.entity.rawValue) '\(record.id)' in environment '\(environment)' is at version "
                + "\(actual.map { String($0.rawValue) } ?? "none"), not \(expected.map { String($0.rawValue) } ?? "none"). "
                + "Read it again and retry with its current version."
        case .recordAlreadyLinked(let environment, let mailbox, let record, let itemID):
            return "The \(record.entity.rawValue) '\(record.id)' is already linked to item \(itemID) in mailbox \(mailbox) "
                + "of environment '\(environment)'. Creating a second item would duplicate it."
        case .itemAlreadyLinked(let environment, let mailbox, let itemID, let record):
            return "Item \(itemID) in mailbox \(mailbox) of environment '\(environment)' is already linked to "
                + "\(record.entity.rawValue) '\(record.id)'."
        case .linkNotFound(let environment, let mailbox, let record):
            return "No link for \(record.entity.rawValue) '\(record.id)' in mailbox \(mailbox) of environment '\(environment)'."
        case .syncStateMoved(let environment, let mailbox, let folderID):
            return "The sync state of folder \(folderID) in mailbox \(mailbox) of environment '\(environment)' was changed "
                + "by another worker; this cycle's results were not committed and the next cycle starts from the new state."
        case .crmFeedPositionMoved(let environment, let consumer):
            return "The CRM feed position of \(consumer) in environment '\(environment)' was changed by another worker; "
                + "this cycle's results were not committed."
        case .leaseLost(let resource, let holder):
            return "Worker '\(holder)' no longer holds the lease on \(resource.rawValue); its work was not committed."
        case .intentNotFound(let environment, let intentID):
            return "No intent '\(intentID)' in environment '\(environment)'."
        case .runNotFound(let environment, let runID):
            return "No run \(runID.rawValue) in environment '\(environment)'."
        case .environmentMismatch(let expected, let found):
            return "A unit of work for environment '\(expected)' contained an operation for '\(found)'."
        case .feedPruned(let environment, let position, let oldest):
            return "The Outlook change feed of environment '\(environment)' no longer holds the entries after position "
                + "\(position.rawValue): they were pruned (older than the feed retention). Re-read the records, then continue "
                + "after position \(oldest.rawValue - 1)."
        case .constraintViolation(let environment, let detail):
            return "The store refused a write\(environment.map { " in environment '\($0)'" } ?? ""): \(detail)."
        case .storageFailure(let operation, let code, let detail):
            // An SQLite code means the database file; PostgreSQL's details carry their own remedy.
            return "The store failed to \(operation)\(code.map { " (SQLite code \($0))" } ?? ""): \(detail)."
                + (code == nil ? "" : " Check the database file's disk space and permissions.")
        }
    }
}
