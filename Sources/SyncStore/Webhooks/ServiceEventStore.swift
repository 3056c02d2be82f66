import Foundation

/// The outbox of service events (see ``ServiceEvent``), beside the outbox of Outlook changes.
public protocol ServiceEventStore: Sendable {
    /// Queues the event unless one with the same key was queued before; returns whether it was.
    @discardableResult
    func queueServiceEvent(_ event: ServiceEvent) async throws -> Bool

    /// Claims up to `limit` undelivered events due at `now`, oldest first, pushing their next
    /// attempt `claimFor` ahead so that another worker does not send them meanwhile.
    func claimDueServiceEvents(limit: Int, claimFor: Duration, now: Date) async throws -> [ServiceEvent]

    func markServiceEventDelivered(id: Int64, at now: Date) async throws

    /// Records a failed attempt and when to try again.
    func markServiceEventFailed(id: Int64, error: String, retryAt: Date) async throws

    /// The events queued, newest first (delivered or not).
    func serviceEvents(limit: Int) async throws -> [ServiceEvent]
}
