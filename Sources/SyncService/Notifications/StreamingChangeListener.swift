import Foundation
import Logging
import Synchronization
import SyncEngine
import SyncStore

/// Keeps the enrolled mailboxes of one EWS environment listening for their changes through
/// streaming notifications, and turns every change into a cycle of its mailbox (`changed`).
///
/// - Mailboxes are grouped by `subscriptionsPerConnection` (200), in address order; a group's
///   first mailbox is its anchor, and one connection carries the group's subscriptions.
/// - A connection the server closes (`Closed`, every 30 minutes) is opened again at once; one
///   that fails is opened again after a back-off (1 s doubling to a minute), with the group's
///   mailboxes unhealthy meanwhile (polled at the normal interval).
/// - A subscription the server dropped is subscribed again, and its mailbox gets a cycle: its
///   changes since the loss were not notified. Three failed connections in a row subscribe the
///   whole group again.
/// - The enrolled mailboxes are read again every `membershipCheck`; a change regroups them.
/// - Only the mailboxes this worker synchronizes listen here (`isMine`): with several workers,
///   each listens for its own share.
final class StreamingChangeListener: Sendable {
    let environment: String
    let source: any StreamingChangeSource
    let kinds: [EntityKind]
    let store: any SyncStore
    let health: NotificationHealth
    let changed: @Sendable (Set<MailboxAddress>) -> Void
    let logger: Logger
    let membershipCheck: Duration
    /// False once the environment no longer streams (an `Api: Auto` environment moved to Graph):
    /// the listener then stops, at its next membership check.
    let stillStreams: @Sendable () -> Bool
    /// Whether this worker synchronizes the mailbox (`SyncService.isAssignedHere`).
    let isMine: @Sendable (MailboxAddress) -> Bool
    /// Subscriptions made at once within a group.
    let subscribeConcurrency = 4
    private let subscriptions = Mutex<[MailboxAddress: String]>([:])

    init(
        environment: String, source: any StreamingChangeSource, kinds: [EntityKind], store: any SyncStore, health: NotificationHealth,
        logger: Logger, membershipCheck: Duration = .seconds(60), stillStreams: @escaping @Sendable () -> Bool = { true },
        isMine: @escaping @Sendable (MailboxAddress) -> Bool = { _ in true },
        changed: @escaping @Sendable (Set<MailboxAddress>) -> Void
    ) {
        self.isMine = isMine
        self.stillStreams = stillStreams
        self.environment = environment
        self.source = source
        self.kinds = kinds
        self.store = store
        self.health = health
        self.logger = logger
        self.membershipCheck = membershipCheck
        self.changed = changed
    }

    /// Listens until cancelled.
    func run() async {
        while !Task.isCancelled, stillStreams() {
            let members = await enrolled()
            await forgetSubscriptions(except: Set(members))
            let size = max(1, source.subscriptionsPerConnection)
            let groups = stride(from: 0, to: members.count, by: size).map { Array(members[$0..<min($0 + size, members.count)]) }
            await withTaskGroup(of: Void.self) { group in
                for members in groups { group.addTask { await self.listen(members) } }
                group.addTask {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: self.membershipCheck)
                        guard self.stillStreams() else { return }
                        if await self.enrolled() != members { return }
                    }
                }
                // The membership changed (or the listener stops): regroup.
                await group.next()
                group.cancelAll()
            }
        }
    }

    private func enrolled() async -> [MailboxAddress] {
        (try? await store.mailboxes(environment: environment, state: .enrolled).map(\.address).filter(isMine).sorted()) ?? []
    }

    /// Ends the subscriptions of mailboxes no longer enrolled (best effort: they expire anyway).
    private func forgetSubscriptions(except kept: Set<MailboxAddress>) async {
        let gone = subscriptions.withLock { all in
            let gone = all.filter { !kept.contains($0.key) }
            for mailbox in gone.keys { all.removeValue(forKey: mailbox) }
            return gone
        }
        for (mailbox, subscription) in gone {
            health.markUnhealthy(environment: environment, mailbox: mailbox)
            try? await source.unsubscribeFromChanges(subscription, of: mailbox, anchor: mailbox)
        }
    }

    /// One group's connection, again and again, until cancelled.
    private func listen(_ members: [MailboxAddress]) async {
        guard let anchor = members.first else { return }
        var failures = 0
        var catchUp = Set<MailboxAddress>()
        while !Task.isCancelled {
            if failures >= 3 {
                subscriptions.withLock { all in for mailbox in members { all.removeValue(forKey: mailbox) } }
            }
            let byID = await subscribe(members, anchor: anchor)
            guard !byID.isEmpty else {
                failures += 1
                await pause(after: failures)
                continue
            }
            do {
                for mailbox in byID.values { health.markHealthy(environment: environment, mailbox: mailbox) }
                // Changes made while the group was not listening were not notified.
                if !catchUp.isEmpty { changed(catchUp) }
                catchUp = []
                for try await message in source.changeEvents(subscriptions: Array(byID.keys), anchor: anchor) {
                    failures = 0
                    let mailboxes = Set(message.changed.compactMap { byID[$0] })
                    if !mailboxes.isEmpty { changed(mailboxes) }
                    guard !message.lost.isEmpty else { continue }
                    let lost = Set(message.lost.compactMap { byID[$0] })
                    subscriptions.withLock { all in for mailbox in lost { all.removeValue(forKey: mailbox) } }
                    for mailbox in lost { health.markUnhealthy(environment: environment, mailbox: mailbox) }
                    catchUp = lost
                    break
                }
            } catch {
                if Task.isCancelled { break }
                failures += 1
                for mailbox in byID.values { health.markUnhealthy(environment: environment, mailbox: mailbox) }
                catchUp = Set(byID.values)
                if failures == 1 || failures % 10 == 0 {
                    logger.warning(
                        "EWS streaming notifications interrupted; reconnecting (the mailboxes are polled meanwhile)",
                        metadata: [
                            "environment": "\(environment)", "anchor": "\(anchor)", "mailboxes": "\(members.count)",
                            "attempt": "\(failures)", "error": "\(error)",
                        ])
                }
                await pause(after: failures)
            }
        }
        for mailbox in members { health.markUnhealthy(environment: environment, mailbox: mailbox) }
    }

    /// The group's subscriptions by id, subscribing the mailboxes that have none.
    private func subscribe(_ members: [MailboxAddress], anchor: MailboxAddress) async -> [String: MailboxAddress] {
        let known = subscriptions.withLock { $0 }
        var byID: [String: MailboxAddress] = [:]
        var missing: [MailboxAddress] = []
        for mailbox in members {
            if let id = known[mailbox] { byID[id] = mailbox } else { missing.append(mailbox) }
        }
        var pending = missing[...]
        await withTaskGroup(of: (MailboxAddress, Result<String, any Error>).self) { group in
            func startNext() {
                guard let mailbox = pending.popFirst() else { return }
                group.addTask {
                    do {
                        return (mailbox, .success(try await self.source.subscribeToChanges(of: mailbox, kinds: self.kinds, anchor: anchor)))
                    } catch {
                        return (mailbox, .failure(error))
                    }
                }
            }
            for _ in 0..<subscribeConcurrency { startNext() }
            for await (mailbox, result) in group {
                switch result {
                case .success(let id):
                    subscriptions.withLock { $0[mailbox] = id }
                    byID[id] = mailbox
                case .failure(let error):
                    health.markUnhealthy(environment: environment, mailbox: mailbox)
                    logger.warning(
                        "a mailbox could not subscribe to EWS streaming notifications; it is polled",
                        metadata: ["environment": "\(environment)", "mailbox": "\(mailbox)", "error": "\(error)"])
                }
                startNext()
            }
        }
        return byID
    }

    private func pause(after failures: Int) async {
        let seconds = min(60, 1 << min(failures - 1, 6))
        try? await Task.sleep(for: .seconds(seconds))
    }
}
