import Synchronization

/// One mailbox, safe to use from concurrent requests: each operation holds the lock for its
/// whole read-modify-write, like a store transaction.
public final class SimulatedMailbox: Sendable {
    public let tenantId: String
    private let contents: Mutex<MailboxContents>

    init(tenantId: String, seed: MailboxSeed) {
        self.tenantId = tenantId
        contents = Mutex(
            MailboxContents(primarySmtpAddress: seed.primarySmtpAddress, displayName: seed.displayName, timeZone: seed.timeZone))
    }

    public var primarySmtpAddress: String { contents.withLock { $0.primarySmtpAddress } }

    public func withContents<Result, Failure: Error>(
        _ body: (inout MailboxContents) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try contents.withLock { (value: inout MailboxContents) throws(Failure) -> Result in try body(&value) }
    }

    /// A snapshot, for inspection by tests and the control API.
    public var snapshot: MailboxContents { contents.withLock { $0 } }
}
