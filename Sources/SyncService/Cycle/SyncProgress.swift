import SyncEngine

/// Where a cycle stands, reported as it goes (for a progress bar, the demo, metrics).
public struct SyncProgress: Sendable, Hashable {
    public enum Phase: String, Sendable, Hashable, Codable {
        /// Reading Outlook and CRM changes.
        case reading
        /// Writing to Outlook (creates, updates, deletes).
        case writing
        /// Committing links, cursors and CRM changes in one unit of work.
        case committing
        case finished
    }

    public var environment: String
    public var mailbox: MailboxAddress
    public var phase: Phase
    /// The kind being read or written, when the phase concerns one.
    public var kind: EntityKind?
    /// Outlook items and CRM records read so far.
    public var itemsRead: Int
    /// Outlook writes and CRM writes planned (known once planning is done).
    public var writesPlanned: Int
    /// Writes performed so far.
    public var itemsWritten: Int

    public init(
        environment: String, mailbox: MailboxAddress, phase: Phase, kind: EntityKind? = nil, itemsRead: Int = 0,
        writesPlanned: Int = 0, itemsWritten: Int = 0
    ) {
        self.environment = environment
        self.mailbox = mailbox
        self.phase = phase
        self.kind = kind
        self.itemsRead = itemsRead
        self.writesPlanned = writesPlanned
        self.itemsWritten = itemsWritten
    }
}

/// Receives progress reports. Called on the cycle's task: keep it quick.
public typealias SyncProgressHandler = @Sendable (SyncProgress) -> Void
