import Foundation
import SyncStore

/// How a mailbox's synchronization is going, for the API, the dashboard and `status`.
public struct MailboxSyncStatus: Sendable, Hashable, Codable {
    /// The stored status: enrolment, last attempt and success, last failure, linked item counts.
    public var mailbox: MailboxStatus
    /// A cycle of this mailbox is running in this process now.
    public var isSyncing: Bool
    /// The latest run in the history.
    public var lastRun: RunRecord?
    /// Exchange throttled the environment: no call before this instant.
    public var throttledUntil: Date?

    public init(mailbox: MailboxStatus, isSyncing: Bool, lastRun: RunRecord?, throttledUntil: Date?) {
        self.mailbox = mailbox
        self.isSyncing = isSyncing
        self.lastRun = lastRun
        self.throttledUntil = throttledUntil
    }
}
