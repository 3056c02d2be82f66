import SyncEngine

/// The ledger of refused Outlook writes. Failures are recorded and cleared by a ``UnitOfWork``
/// (`recordRefusedWrite`, `clearFailedItem`), in the commit of the cycle that met them.
///
/// Recording a refusal counts an attempt: the failure is quarantined when its attempts reach the
/// write's `maxAttempts`. A refusal of a write that was quarantined starts counting again from one,
/// since the cycle only writes a quarantined record again when one side changed it (or an operator
/// asked for a retry).
public protocol FailedItemStore: Sendable {
    /// The environment's failed items (of one mailbox when given), oldest first.
    func failedItems(environment: String, mailbox: MailboxAddress?) async throws -> [FailedItem]

    func failedItem(environment: String, id: Int64) async throws -> FailedItem?

    /// Puts a quarantined failure back to retrying, with its attempts counted from zero: the
    /// mailbox's next cycle writes it again. Returns `nil` when there is no such failure.
    @discardableResult
    func retryFailedItem(environment: String, id: Int64) async throws -> FailedItem?

    /// Forgets a failure (the operator fixed it elsewhere, or accepts it). The record and the item
    /// are left as they are. Returns whether there was one.
    @discardableResult
    func dismissFailedItem(environment: String, id: Int64) async throws -> Bool
}
