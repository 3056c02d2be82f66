import Synchronization

/// One mailbox, safe to use from concurrent requests: each operation holds the lock for its
/// whole read-modify-write, like a store transaction.
public final class SimulatedMailbox: Sendable {
    public let tenantId: String
    private let contents: Mutex<MailboxContents>
    private let changeFeed: MailboxChangeFeed

    init(tenantId: String, seed: MailboxSeed, changeFeed: MailboxChangeFeed) {
        self.tenantId = tenantId
        self.changeFeed = changeFeed
        contents = Mutex(
            MailboxContents(primarySmtpAddress: seed.primarySmtpAddress, displayName: seed.displayName, timeZone: seed.timeZone))
    }

    public var primarySmtpAddress: String { contents.withLock { $0.primarySmtpAddress } }

    /// Runs `body` under the mailbox's lock; what it changed is announced on the change feed
    /// once the lock is released (also when `body` throws after changing something).
    public func withContents<Result, Failure: Error>(
        _ body: (inout MailboxContents) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        var changes: [MailboxChange] = []
        defer { changeFeed.announce(changes) }
        return try contents.withLock { (value: inout MailboxContents) throws(Failure) -> Result in
            defer { changes = value.takeChanges() }
            return try body(&value)
        }
    }

    /// A snapshot, for inspection by tests and the control API.
    public var snapshot: MailboxContents { contents.withLock { $0 } }
}
