import SyncEngine

/// What the demo needs of the sync service: run a cycle of one mailbox now, and read a
/// mailbox folder back through the connector (for the convergence check).
protocol DemoSyncDriver: Sendable {
    /// Runs one complete cycle of `mailbox` (every kind), reporting progress as it goes.
    @discardableResult
    func syncNow(_ mailbox: MailboxAddress, progress: @escaping @Sendable (DemoSyncProgress) -> Void) async throws
        -> DemoCycleCounts

    /// Every item of the folder holding `kind`, read through the connector and mapped to fields
    /// the way it maps them for the engine.
    func readItems(of kind: EntityKind, in mailbox: MailboxAddress) async throws -> [OutlookItem]

    /// A linked item's fields as the cycle compares them with its record: what the connector
    /// cannot reach taken from the record, and what its protocol cannot tell apart (Graph's
    /// arrays) aligned with it.
    func comparableFields(_ item: FieldSet, kind: EntityKind, record: FieldSet) -> FieldSet

    /// Positions in the simulator's request log of the requests the demo made itself to read
    /// items back (checks), so that the summary counts the service's requests alone.
    var ownRequestRanges: [Range<Int>] { get }

    /// The ERP wrote records these mailboxes own: their cycles run about a second later.
    func cycleSoon(_ mailboxes: Set<MailboxAddress>)

    /// Releases what the driver holds (HTTP clients).
    func shutdown() async
}

/// Progress inside one mailbox's cycle.
struct DemoSyncProgress: Sendable, Hashable {
    var mailbox: MailboxAddress
    /// What the cycle is doing, e.g. `reading appointment changes`.
    var activity: String
    /// Items handled so far in this cycle, when the service reports them.
    var itemsDone: Int?
}

/// What one cycle did.
struct DemoCycleCounts: Sendable, Hashable {
    var itemsRead = 0
    var outlookWrites = 0
    var crmWrites = 0
}
