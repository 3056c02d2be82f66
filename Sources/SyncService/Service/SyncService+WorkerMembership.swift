import Foundation
import ServiceLifecycle
import SyncEngine
import SyncStore

/// Several workers on one store: each `serve` announces itself every `membershipInterval`, reads
/// which workers are live, and schedules only the mailboxes that `MailboxAssignment` gives it.
///
/// - A new worker takes its share at its first announcement; the others drop that share at
///   their next one (a cycle already running finishes under its lease).
/// - A worker that stops at graceful shutdown withdraws, and the others take its share at their
///   next announcement.
/// - A worker that stops announcing (`kill -9`, a lost machine) lapses after
///   `membershipDuration` (at once for a dead process of this host). The mailboxes it held get
///   a cycle at once on their new owners, with the leases of its interrupted cycles broken (see
///   `acquireLease`), whatever the sync interval.
extension SyncService {
    /// Whether this worker schedules the mailbox (every mailbox until `run()` announced it).
    public func isAssignedHere(environment: String, mailbox: MailboxAddress) -> Bool {
        guard let assignment = assignment.withLock({ $0 }) else { return true }
        return assignment.owner(environment: environment, mailbox: mailbox) == settings.worker
    }

    /// Announces this worker every `membershipInterval` until graceful shutdown.
    func keepMembership() async {
        while !isStopping, !Task.isCancelled {
            let pause = settings.membershipInterval
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: pause) }
            } catch {
                break
            }
            guard !isStopping else { break }
            await announce()
        }
    }

    /// Announces this worker, reads the live ones, and starts at once a cycle of every mailbox
    /// that a departed worker held and that is now this worker's. A store that does not answer
    /// keeps the last assignment (the leases still keep two workers off one mailbox).
    public func announce() async {
        let members: [WorkerMembership]
        do {
            members = try await store.announceWorker(settings.worker, duration: settings.membershipDuration)
        } catch {
            logger.warning(
                "could not announce this worker to the store; it goes on with the workers it last saw",
                metadata: ["worker": "\(settings.worker)", "error": "\(error)"])
            return
        }
        let next = MailboxAssignment(workers: members.filter(\.isAlive).map(\.worker) + [settings.worker])
        let previous = assignment.withLock { current in
            defer { current = next }
            return current
        }
        guard let previous, previous != next else { return }
        let joined = Set(next.workers).subtracting(previous.workers), departed = Set(previous.workers).subtracting(next.workers)
        logger.notice(
            "the workers sharing the store changed",
            metadata: [
                "worker": "\(settings.worker)", "workers": "\(next.workers.count)",
                "joined": "\(joined.sorted().joined(separator: ", "))", "departed": "\(departed.sorted().joined(separator: ", "))",
            ])
        guard !departed.isEmpty else { return }
        for environment in environments {
            guard let enrolled = try? await store.mailboxes(environment: environment.name, state: .enrolled) else { continue }
            let takenOver = enrolled.map(\.address).filter { mailbox in
                guard let before = previous.owner(environment: environment.name, mailbox: mailbox) else { return false }
                return departed.contains(before) && next.owner(environment: environment.name, mailbox: mailbox) == settings.worker
            }
            guard !takenOver.isEmpty else { continue }
            logger.notice(
                "taking over the mailboxes of a departed worker",
                metadata: ["environment": "\(environment.name)", "mailboxes": "\(takenOver.count)", "worker": "\(settings.worker)"])
            for mailbox in takenOver { _ = startCycle(environment: environment, mailbox: mailbox) }
        }
    }

    /// Leaves the store's membership at the end of `run()`, so that the others take this
    /// worker's share at once instead of after `membershipDuration`.
    func withdraw() async {
        // In a task of its own: `run()` may end by cancellation, and a cancelled task's store
        // calls fail at once.
        let (store, worker) = (self.store, settings.worker)
        do {
            try await Task { try await store.withdrawWorker(worker) }.value
        } catch {
            logger.warning(
                "could not withdraw this worker from the store; the others take its mailboxes when its membership lapses",
                metadata: ["worker": "\(settings.worker)", "error": "\(error)"])
        }
    }
}
