import Foundation
import Logging
import Metrics
import ServiceConfiguration
import ServiceLifecycle
import Synchronization
import SyncEngine
import SyncStore

/// Runs synchronization cycles for every environment and every enrolled mailbox, at an interval.
///
/// - Environments are isolated: each has its own schedule loop, so one that fails, hangs on a
///   slow tenant or is throttled never delays another. Its errors land on its mailboxes' status.
/// - Concurrency is limited per tenant; a throttled environment backs off (Exchange's
///   `BackOffMilliseconds` when given, doubling otherwise) while the others carry on.
/// - A mailbox is synchronized under its lease, so several workers sharing a store never run the
///   same mailbox at once, and a worker that lost its lease cannot commit.
/// - On graceful shutdown no new cycle starts and the running ones finish their unit of work; on
///   cancellation a cycle that has not written yet stops, one whose writes are done still commits
///   them, and one interrupted while writing is recovered by the next (its writes carry change keys
///   and tags, and the updates Exchange accepted are noted on their links). Nothing is ever
///   half-committed.
///
/// ```swift
/// let service = SyncService(store: store, environments: environments, settings: .init(settings: loaded.service))
/// let summary = try await service.syncNow(environment: "prextra", mailbox: "alice@contoso.com")
/// ```
public final class SyncService: Service, Sendable {
    /// How the service schedules its cycles.
    public struct Settings: Sendable, Hashable {
        /// Time between two cycles of an environment's mailboxes.
        public var interval: Duration
        /// Cycles running at once against one tenant.
        public var concurrencyPerTenant: Int
        /// This worker's name in leases and the run history (`host:pid:instance`, see `WorkerIdentity`).
        public var worker: String
        /// How long a mailbox lease lasts without renewal. A running cycle renews it every third of
        /// this, so a crashed worker's mailboxes are free again within this time.
        public var leaseDuration: Duration
        /// Changes read per page (512, the most one SyncFolderItems page returns, by default).
        public var pageSize: Int
        /// Attempts of a write the server refuses before it is quarantined.
        public var failedWriteAttempts: Int
        /// How often an `Api: Auto` environment left on EWS in Exchange Online asks again for the
        /// Graph roles (one token request), to move to Graph once they are granted.
        public var apiRecheckInterval: Duration = .seconds(3600)
        /// How long a cycle asked for by an ERP write waits for the burst's other writes: the
        /// writes of that time to one mailbox make one cycle.
        public var erpWriteDebounce: Duration = .seconds(1)
        /// The polling interval of a mailbox whose notifications are healthy (see
        /// `NotificationHealth`): polling then only catches what notifications lost.
        public var intervalWithNotifications: Duration = ServiceSettings.defaultSyncIntervalWithNotifications
        /// How often the Graph subscriptions are checked: created where missing, renewed before
        /// they expire, deleted with their mailbox.
        public var subscriptionCheckInterval: Duration = .seconds(60)
        /// Whether `run()` listens for Outlook's changes (Graph subscriptions where the
        /// environment has `Notifications`, EWS streaming everywhere else); without it, only
        /// polling reads them (the benchmarks' baseline).
        public var listensForChanges = true

        public init(
            interval: Duration = ServiceSettings.defaultSyncInterval,
            concurrencyPerTenant: Int = ServiceSettings.defaultConcurrencyPerTenant,
            worker: String = Settings.defaultWorker, leaseDuration: Duration = Settings.defaultLeaseDuration,
            pageSize: Int = 512, failedWriteAttempts: Int = ServiceSettings.defaultFailedWriteAttempts
        ) {
            self.interval = interval
            self.concurrencyPerTenant = concurrencyPerTenant
            self.worker = worker
            self.leaseDuration = leaseDuration
            self.pageSize = pageSize
            self.failedWriteAttempts = failedWriteAttempts
        }

        /// The scheduling part of the service's configuration.
        public init(settings: ServiceSettings, worker: String = Settings.defaultWorker) {
            self.init(
                interval: settings.syncInterval, concurrencyPerTenant: settings.concurrencyPerTenant, worker: worker,
                failedWriteAttempts: settings.failedWriteAttempts)
            intervalWithNotifications = settings.syncIntervalWithNotifications
        }

        /// A new `host:pid:instance`, unique among the workers sharing a store.
        public static var defaultWorker: String { WorkerIdentity.current().description }

        /// 30 seconds: short enough that a crashed worker on another host holds its mailboxes
        /// briefly, long enough that a renewal every 10 seconds survives a slow store.
        public static let defaultLeaseDuration: Duration = .seconds(30)

        /// How often `run()` announces this worker to the store and reads who else is live.
        public var membershipInterval: Duration = .seconds(5)
        /// How long an announcement lasts: a worker silent this long (`kill -9`, a lost machine)
        /// is taken for dead, and the others take over its mailboxes, breaking the leases of the
        /// cycles it was running. With the interval, a dead worker's mailboxes continue elsewhere
        /// within about 25 s.
        public var membershipDuration: Duration = .seconds(20)
    }

    public let store: any SyncStore
    public let settings: Settings
    /// The environments, in configuration order. An `Api: Auto` environment on EWS is replaced by
    /// the same environment on Graph when its roles are granted while the service runs.
    public var environments: [SyncEnvironment] { registry.withLock { $0 } }
    let registry: Mutex<[SyncEnvironment]>
    /// Environments adopted while the service runs (onboarded), whose scheduling `run()` starts.
    let adopted = AsyncStream<String>.makeStream()
    private let progress: SyncProgressHandler?
    let logger: Logger
    let clock: @Sendable () -> Date
    private let limiter: TenantLimiter
    private let backoff = ThrottleBackoff()
    /// The mailboxes whose cycle runs in this worker, and those of them that asked for one more.
    /// Cycles running in this worker, the follow-ups asked for meanwhile, and the environments
    /// whose cycles are held while they move to another API.
    private let syncing = Mutex<(running: Set<MailboxKey>, followUps: Set<MailboxKey>, held: Set<String>)>(([], [], []))
    private let stopping = Mutex(false)
    /// Cycles started on demand (the API's "sync now"), each in a task of its own: `run()`
    /// waits for them before it returns, so that a graceful shutdown never cuts one short.
    private let onDemand = Mutex<(next: Int, tasks: [Int: Task<Void, Never>])>((0, [:]))
    /// Mailboxes whose cycle an ERP write asked for, waiting out the debounce.
    private let soon = Mutex<Set<MailboxKey>>([])
    /// When each mailbox's last cycle ended, for the slower polling of notified mailboxes.
    private let lastCycleEnded = Mutex<[MailboxKey: Date]>([:])
    /// Mailboxes whose change notifications work (Graph subscriptions, EWS streaming).
    public let notificationHealth = NotificationHealth()
    /// Graph environments whose subscriptions failed, and when to try them again.
    let subscriptionRetry = Mutex<[String: Date]>([:])
    /// The live workers sharing the store, as last read by `announce()`: which mailboxes this
    /// worker schedules. `nil` before `run()` (a lone `sync --once`, the tests' direct calls):
    /// every mailbox is then this worker's.
    let assignment = Mutex<MailboxAssignment?>(nil)

    private struct MailboxKey: Hashable {
        var environment: String
        var mailbox: MailboxAddress
    }

    /// - Parameter progress: called as every cycle progresses (the CLI's progress line, the demo).
    public init(
        store: any SyncStore, environments: [SyncEnvironment], settings: Settings = Settings(),
        progress: SyncProgressHandler? = nil, logger: Logger = Logger(label: "prextra.sync"),
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.registry = Mutex(environments)
        self.settings = settings
        self.progress = progress
        self.logger = logger
        self.clock = clock
        self.limiter = TenantLimiter(limit: settings.concurrencyPerTenant)
    }

    // MARK: - Service

    /// Schedules cycles until graceful shutdown (or cancellation).
    public func run() async throws {
        await prepare()
        await announce()
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                for environment in environments {
                    group.addTask { await self.schedule(environment.name) }
                }
                group.addTask { await self.keepMembership() }
                if settings.listensForChanges {
                    group.addTask { await self.keepSubscriptions() }
                    group.addTask { await self.listenForStreamedChanges() }
                }
                for await name in adopted.stream {
                    group.addTask { await self.schedule(name) }
                }
            }
        } onGracefulShutdown: {
            self.stopping.withLock { $0 = true }
            self.adopted.continuation.finish()
        }
        await waitForOnDemandCycles()
        await withdraw()
    }

    /// Registers the environments in the store and enrols the mailboxes their configuration
    /// lists. A failing environment is logged and the others go on.
    public func prepare() async {
        for environment in environments { await prepare(environment) }
    }

    func prepare(_ environment: SyncEnvironment) async {
        do {
            if try await store.environment(environment.name) == nil {
                try await store.registerEnvironment(environment.name, configFingerprint: nil)
            }
            if let choice = environment.apiChoice {
                try await store.recordAPIChoice(
                    environment: environment.name,
                    StoredAPIChoice(api: choice.api.rawValue, automatic: choice.automatic, notice: choice.notice, decidedAt: clock()))
            }
            for mailbox in environment.configuredMailboxes {
                if try await store.mailbox(environment: environment.name, address: mailbox) == nil {
                    try await store.enrolMailbox(environment: environment.name, address: mailbox)
                }
            }
        } catch {
            logger.error(
                "could not prepare the environment in the store",
                metadata: ["environment": "\(environment.name)", "error": "\(error)"])
        }
    }

    var isStopping: Bool { stopping.withLock { $0 } }

    private func schedule(_ name: String) async {
        var lastRecheck = clock()
        while !isStopping, !Task.isCancelled {
            guard var environment = environment(named: name) else { return }
            if let recheck = environment.apiRecheck,
                clock().timeIntervalSince(lastRecheck) >= settings.apiRecheckInterval / .seconds(1)
            {
                lastRecheck = clock()
                if await recheck.graphRolesGranted(), let moved = await handOver(environment, recheck) { environment = moved }
            }
            _ = await runEnvironment(environment, progress: progress, scheduled: true)
            var wait = settings.interval
            if let until = await backoff.notBefore(environment.name, now: clock()) {
                wait = max(wait, .seconds(until.timeIntervalSince(clock())))
            }
            guard !isStopping else { break }
            let pause = wait
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: pause) }
            } catch {
                break
            }
        }
    }

    /// Moves an `Api: Auto` environment to Microsoft Graph while the service runs: holds its
    /// cycles, waits for the running ones (an on-demand cycle may be), moves its mailboxes
    /// (writing nothing), and puts the Graph environment in its place. Nil when it stays.
    private func handOver(_ environment: SyncEnvironment, _ recheck: APIRecheck) async -> SyncEnvironment? {
        let name = environment.name
        syncing.withLock { _ = $0.held.insert(name) }
        defer { syncing.withLock { _ = $0.held.remove(name) } }
        while syncing.withLock({ $0.running.contains { $0.environment == name } }) {
            try? await Task.sleep(for: .milliseconds(50))
        }
        guard let (moved, notices) = await recheck.moveToGraph(store, settings.worker) else {
            logger.error("the Graph roles are granted, but the environment could not be moved to Microsoft Graph", metadata: ["environment": "\(name)"])
            return nil
        }
        registry.withLock { environments in
            if let index = environments.firstIndex(where: { $0.name == name }) { environments[index] = moved }
        }
        if let choice = moved.apiChoice {
            try? await store.recordAPIChoice(
                environment: name, StoredAPIChoice(api: choice.api.rawValue, automatic: true, notice: choice.notice, decidedAt: clock()))
        }
        logger.notice("the environment moved to Microsoft Graph (Api: Auto)", metadata: ["environment": "\(name)"])
        for line in notices { logger.notice("\(line)", metadata: ["environment": "\(name)"]) }
        return moved
    }

    // MARK: - On demand

    /// Runs one cycle of one mailbox now (waiting for a tenant slot, and for the end of a
    /// throttling back-off) and returns what it did. A failed cycle is a summary with
    /// `outcome == .failed`, not an error.
    ///
    /// - Throws: `SyncServiceError` when the environment or the mailbox is unknown.
    public func syncNow(environment name: String, mailbox: MailboxAddress, progress: SyncProgressHandler? = nil)
        async throws -> SyncRunSummary
    {
        guard let environment = environment(named: name) else { throw SyncServiceError.unknownEnvironment(name) }
        guard let status = try await store.mailbox(environment: environment.name, address: mailbox),
            status.state == .enrolled
        else {
            throw SyncServiceError.mailboxNotEnrolled(environment: environment.name, mailbox: mailbox)
        }
        return await sync(environment, mailbox, progress: progress ?? self.progress, urgent: true)
    }

    /// Runs one cycle of every enrolled mailbox of every environment (or of the one named), all
    /// environments at once, and returns the summaries in environment then mailbox order.
    /// - Parameter assignedOnly: only the mailboxes assigned to this worker (after `announce()`),
    ///   as a scheduled round of `run()` takes them.
    public func runOnce(environment name: String? = nil, progress: SyncProgressHandler? = nil, assignedOnly: Bool = false) async throws
        -> [SyncRunSummary]
    {
        var selected = environments
        if let name {
            guard let environment = environment(named: name) else { throw SyncServiceError.unknownEnvironment(name) }
            selected = [environment]
        }
        await prepare()
        let handler = progress ?? self.progress
        let results = await withTaskGroup(of: (Int, [SyncRunSummary]).self) { group in
            for (index, environment) in selected.enumerated() {
                group.addTask { (index, await self.runEnvironment(environment, progress: handler, assignedOnly: assignedOnly)) }
            }
            var byIndex: [Int: [SyncRunSummary]] = [:]
            for await (index, summaries) in group { byIndex[index] = summaries }
            return byIndex
        }
        return results.keys.sorted().flatMap { results[$0]! }
    }

    /// The environment of that name (case-insensitive, like the configuration).
    public func environment(named name: String) -> SyncEnvironment? {
        environments.first { $0.name.lowercased() == name.lowercased() }
    }

    // MARK: - Status

    /// Until when the environment's cycles wait because Microsoft throttled it (this worker's
    /// view); nil when they do not.
    public func throttledUntil(environment name: String) async -> Date? {
        await backoff.notBefore(environment(named: name)?.name ?? name, now: clock())
    }

    /// How the mailbox's synchronization is going, `nil` when it is not known.
    public func status(environment name: String, mailbox: MailboxAddress) async throws -> MailboxSyncStatus? {
        let environmentName = environment(named: name)?.name ?? name
        guard let stored = try await store.mailbox(environment: environmentName, address: mailbox) else { return nil }
        return try await status(of: stored)
    }

    /// The status of every mailbox of the environment, in address order.
    public func statuses(environment name: String) async throws -> [MailboxSyncStatus] {
        let environmentName = environment(named: name)?.name ?? name
        var statuses: [MailboxSyncStatus] = []
        for stored in try await store.mailboxes(environment: environmentName, state: nil) {
            statuses.append(try await status(of: stored))
        }
        return statuses
    }

    private func status(of stored: MailboxStatus) async throws -> MailboxSyncStatus {
        let key = MailboxKey(environment: stored.environment, mailbox: stored.address)
        let lastRun = try await store.runs(environment: stored.environment, mailbox: stored.address, limit: 1).first
        return MailboxSyncStatus(
            mailbox: stored, isSyncing: syncing.withLock { $0.running.contains(key) }, lastRun: lastRun,
            throttledUntil: await backoff.notBefore(stored.environment, now: clock()))
    }

    // MARK: - Cycles

    /// - Parameter scheduled: a round of the scheduler, which skips the mailboxes whose
    ///   notifications are healthy until `intervalWithNotifications` has passed since their last
    ///   cycle (a notification starts a cycle of its own).
    private func runEnvironment(
        _ environment: SyncEnvironment, progress: SyncProgressHandler?, scheduled: Bool = false, assignedOnly: Bool = false
    ) async -> [SyncRunSummary] {
        var mailboxes: [MailboxAddress]
        do {
            mailboxes = try await store.mailboxes(environment: environment.name, state: .enrolled).map(\.address)
            if scheduled || assignedOnly {
                mailboxes.removeAll { !isAssignedHere(environment: environment.name, mailbox: $0) }
            }
            if scheduled {
                let notified = notificationHealth.healthyMailboxes(environment: environment.name)
                let now = clock(), slower = settings.intervalWithNotifications / .seconds(1)
                let ended = lastCycleEnded.withLock { $0 }
                mailboxes.removeAll { mailbox in
                    guard notified.contains(mailbox),
                        let last = ended[MailboxKey(environment: environment.name, mailbox: mailbox)]
                    else { return false }
                    // A little early rather than a whole interval late.
                    return now.timeIntervalSince(last) < slower - settings.interval / .seconds(1) / 2
                }
            }
        } catch {
            logger.error(
                "could not list the environment's mailboxes",
                metadata: ["environment": "\(environment.name)", "error": "\(error)"])
            return []
        }
        return await withTaskGroup(of: (Int, SyncRunSummary?).self) { group in
            for (index, mailbox) in mailboxes.enumerated() {
                group.addTask {
                    if self.isStopping { return (index, nil) }
                    return (index, await self.sync(environment, mailbox, progress: progress))
                }
            }
            var summaries: [Int: SyncRunSummary] = [:]
            for await (index, summary) in group { summaries[index] = summary }
            return summaries.keys.sorted().compactMap { summaries[$0] }
        }
    }

    /// One cycle of one mailbox, under its lease and a tenant slot. Never throws: a failure is
    /// recorded (run history, mailbox status, log) and returned as the summary's outcome.
    /// - Parameter urgent: someone waits for this cycle (a "sync now", an ERP write): it takes a
    ///   tenant slot before the scheduled cycles waiting for one.
    private func sync(_ environment: SyncEnvironment, _ mailbox: MailboxAddress, progress: SyncProgressHandler?, urgent: Bool = false) async
        -> SyncRunSummary
    {
        let key = MailboxKey(environment: environment.name, mailbox: mailbox)
        let startedAt = clock()
        let refusal: String? = syncing.withLock { state in
            if state.held.contains(environment.name) { return "the environment is moving to Microsoft Graph; its cycles resume in a moment" }
            return state.running.insert(key).inserted ? nil : "a cycle of this mailbox is already running in this worker"
        }
        if let refusal {
            return SyncRunSummary(
                environment: environment.name, mailbox: mailbox, runID: nil, outcome: .busy, startedAt: startedAt,
                finishedAt: startedAt, error: refusal)
        }
        // The environment as it is now: it may have moved to Graph since the caller looked it up
        // (a move waits for running cycles, so it cannot happen from here on).
        let environment = self.environment(named: environment.name) ?? environment
        var summary = await cycle(environment, mailbox, progress: progress, urgent: urgent)
        // A request that arrived while the cycle ran gets one more cycle (one, however many came).
        while syncing.withLock({ state in
            if state.followUps.remove(key) != nil, !isStopping { return true }
            state.running.remove(key)
            return false
        }) {
            summary = await cycle(environment, mailbox, progress: progress, urgent: true)
        }
        let ended = clock()
        lastCycleEnded.withLock { $0[key] = ended }
        return summary
    }

    /// Starts a cycle of the mailbox in the background, or, when one is running in this worker,
    /// asks for one more after it. Returns `false` in that second case.
    public func startCycle(environment: SyncEnvironment, mailbox: MailboxAddress) -> Bool {
        let key = MailboxKey(environment: environment.name, mailbox: mailbox)
        let running = syncing.withLock { state in
            guard state.running.contains(key) else { return false }
            state.followUps.insert(key)
            return true
        }
        if running {
            // Its cycle may still wait for a tenant slot, behind a scheduled round: then it has
            // not read anything yet, and only needs to go first (the follow-up is then spare).
            let tenant = environment.tenantID, slotKey = Self.slotKey(key)
            runOnDemand {
                if await self.limiter.promote(tenant, key: slotKey) { self.syncing.withLock { _ = $0.followUps.remove(key) } }
            }
        } else {
            runOnDemand { await self.syncWaitingForOtherWorker(environment, mailbox) }
        }
        return !running
    }

    /// An urgent cycle that another worker's cycle of the mailbox keeps out (`busy`) runs once
    /// that cycle ends: the other may have read the CRM before the write that asked for this
    /// one. It waits at most two lease durations, then the mailbox's owner polls it as usual.
    private func syncWaitingForOtherWorker(_ environment: SyncEnvironment, _ mailbox: MailboxAddress) async {
        let deadline = clock().addingTimeInterval(2 * (settings.leaseDuration / .seconds(1)))
        while await sync(environment, mailbox, progress: progress, urgent: true).outcome == .busy, !isStopping, clock() < deadline {
            try? await Task.sleep(for: .milliseconds(500))
        }
    }

    /// The ERP wrote records these mailboxes own: a cycle of each, `erpWriteDebounce` from the
    /// first such write, so that a burst of writes makes one cycle per mailbox. A mailbox whose
    /// cycle is running gets one follow-up cycle after it (`startCycle`), never a queue.
    public func cycleSoon(environment name: String, mailboxes: Set<MailboxAddress>) {
        guard !isStopping, let environment = environment(named: name) else { return }
        for mailbox in mailboxes {
            let key = MailboxKey(environment: environment.name, mailbox: mailbox)
            // Already waiting: this write joins that cycle.
            guard soon.withLock({ $0.insert(key).inserted }) else { continue }
            runOnDemand {
                try? await Task.sleep(for: self.settings.erpWriteDebounce)
                self.soon.withLock { _ = $0.remove(key) }
                guard !self.isStopping,
                    let status = try? await self.store.mailbox(environment: environment.name, address: mailbox), status.state == .enrolled
                else { return }
                _ = self.startCycle(environment: environment, mailbox: mailbox)
            }
        }
    }

    /// Runs `work` in a task of its own that `run()` waits for before it returns.
    public func runOnDemand(_ work: @escaping @Sendable () async -> Void) {
        onDemand.withLock { state in
            let id = state.next
            state.next += 1
            // The task removes itself under the same lock, so never before it is added.
            state.tasks[id] = Task {
                await work()
                _ = self.onDemand.withLock { $0.tasks.removeValue(forKey: id) }
            }
        }
    }

    private func waitForOnDemandCycles() async {
        while let task = onDemand.withLock({ $0.tasks.values.first }) {
            await task.value
        }
    }

    private static func slotKey(_ key: MailboxKey) -> String { key.environment + "\u{0}" + key.mailbox.rawValue }

    private func cycle(_ environment: SyncEnvironment, _ mailbox: MailboxAddress, progress: SyncProgressHandler?, urgent: Bool) async
        -> SyncRunSummary
    {
        let startedAt = clock()
        // Throttled: only this environment waits.
        if let until = await backoff.notBefore(environment.name, now: clock()) {
            try? await Task.sleep(for: .seconds(until.timeIntervalSince(clock())))
        }

        let summary: SyncRunSummary
        do {
            let key = Self.slotKey(MailboxKey(environment: environment.name, mailbox: mailbox))
            summary = try await limiter.withSlot(environment.tenantID, key: key, urgent: urgent) {
                await self.syncUnderLease(environment, mailbox, startedAt: startedAt, progress: progress)
            }
        } catch {
            // Cancelled (a shutdown) while waiting for a tenant slot: nothing started.
            return SyncRunSummary(
                environment: environment.name, mailbox: mailbox, runID: nil, outcome: .abandoned, startedAt: startedAt,
                finishedAt: clock(), error: "cancelled while waiting for a tenant slot")
        }
        Counter(label: "prextra_sync_cycles_total", dimensions: [
            ("environment", environment.name), ("outcome", summary.outcome.rawValue),
        ]).increment()
        Counter(label: "prextra_sync_outlook_writes_total", dimensions: [("environment", environment.name)])
            .increment(by: summary.outlookWrites)
        Counter(label: "prextra_sync_crm_writes_total", dimensions: [("environment", environment.name)])
            .increment(by: summary.crmWrites)
        if !summary.failedItems.isEmpty {
            Counter(label: "prextra_sync_refused_writes_total", dimensions: [("environment", environment.name)])
                .increment(by: summary.failedItems.count)
        }
        if summary.outcome == .succeeded,
            let failures = try? await store.failedItems(environment: environment.name, mailbox: nil)
        {
            Gauge(label: "prextra_sync_failed_items", dimensions: [("environment", environment.name)])
                .record(failures.count)
        }
        return summary
    }

    private func syncUnderLease(
        _ environment: SyncEnvironment, _ mailbox: MailboxAddress, startedAt: Date, progress: SyncProgressHandler?
    ) async -> SyncRunSummary {
        func failed(_ outcome: SyncRunSummary.Outcome, _ message: String, runID: Int64? = nil) -> SyncRunSummary {
            SyncRunSummary(
                environment: environment.name, mailbox: mailbox, runID: runID, outcome: outcome, startedAt: startedAt,
                finishedAt: clock(), error: message)
        }
        let lease: Lease
        let store = self.store
        let (resource, holder, duration) = (
            LeaseResource.mailbox(environment: environment.name, address: mailbox), settings.worker, settings.leaseDuration
        )
        do {
            // Taken in a task of its own, like the release below: a cancellation arriving while the
            // store grants the lease must not leave a lease nobody knows of.
            guard
                let acquired = try await Task(operation: {
                    try await Self.acquireLease(resource, holder: holder, duration: duration, store: store)
                }).value
            else {
                return failed(.busy, "another worker is synchronizing this mailbox")
            }
            lease = acquired
        } catch {
            let message = "environment \(environment.name), mailbox \(mailbox): could not take the mailbox lease: \(error)"
            try? await store.recordSyncFailure(
                environment: environment.name, address: mailbox, message: message,
                diagnostic: "Check the state store; the next cycle retries.")
            logger.error("cycle not started", metadata: ["environment": "\(environment.name)", "mailbox": "\(mailbox)", "error": "\(error)"])
            return failed(.failed, message)
        }

        let cycle = SyncCycle(
            environment: environment.name, mailbox: mailbox, policy: environment.policy, store: store,
            connector: environment.connector, lease: lease, worker: settings.worker, kinds: environment.kinds,
            clock: clock, pageSize: settings.pageSize, progress: progress, failedWriteAttempts: settings.failedWriteAttempts)
        let summary: SyncRunSummary
        do {
            summary = try await runKeepingLease(cycle, lease: lease)
            await backoff.succeeded(environment.name)
            await trackEmail(environment, mailbox, lease: lease)
            for failure in summary.failedItems {
                logger.warning(
                    failure.state == .quarantined
                        ? "Outlook refused a write; quarantined until the record or the item changes"
                        : "Outlook refused a write; trying again next cycle",
                    metadata: [
                        "environment": "\(environment.name)", "mailbox": "\(mailbox)", "record": "\(failure.record)",
                        "failure": "\(failure.id)", "operation": "\(failure.operation)", "code": "\(failure.code)",
                        "attempts": "\(failure.attempts)", "remedy": "\(failure.remedy)",
                    ])
            }
        } catch {
            if error.isThrottled {
                let until = await backoff.throttled(environment.name, serverBackOff: error.backOff, now: clock())
                logger.warning(
                    "Exchange is throttling the environment; backing off",
                    metadata: ["environment": "\(environment.name)", "until": "\(until)"])
            } else if !error.isCancellation {
                logger.error(
                    "cycle failed",
                    metadata: [
                        "environment": "\(environment.name)", "mailbox": "\(mailbox)", "stage": "\(error.stage.rawValue)",
                        "code": "\(error.upstreamCode ?? "-")", "error": "\(error.underlying)",
                    ])
            }
            summary = failed(error.isCancellation || error.isLeaseLost ? .abandoned : .failed, error.message)
        }
        // Released in a task of its own: once this task is cancelled its store calls fail at once, and
        // a lease left behind would keep every worker off the mailbox until it expired.
        await Task { try? await store.releaseLease(lease) }.value
        return summary
    }

    /// Takes the lease, or takes it from a worker known to be dead: a process of this host that
    /// no longer exists (a restarted worker does not wait for its own dead leases to expire), or
    /// a worker whose membership lapsed (`kill -9` or a lost machine elsewhere). A worker that
    /// was only slow loses the mailbox that way, and the fencing token refuses its commit.
    private static func acquireLease(
        _ resource: LeaseResource, holder: String, duration: Duration, store: any SyncStore
    ) async throws -> Lease? {
        if let lease = try await store.acquireLease(resource, holder: holder, duration: duration) { return lease }
        guard let current = try await store.currentLease(resource) else { return nil }
        var holderIsDead = WorkerIdentity(current.holder)?.isDeadProcessOfThisHost == true
        if !holderIsDead {
            holderIsDead = try await store.workers().contains { $0.worker == current.holder && !$0.isLive }
        }
        guard holderIsDead, try await store.breakLease(current) else { return nil }
        return try await store.acquireLease(resource, holder: holder, duration: duration)
    }

    /// Runs the cycle while renewing its lease every third of the lease's duration, so that a long
    /// first sync keeps its mailbox. A renewal the store refuses for a moment is tried again a
    /// second later; a lost lease stops renewing and is logged. Either way the cycle confirms the
    /// lease before each Outlook write and at its commit, so a worker that lost it writes nothing more.
    private func runKeepingLease(_ cycle: SyncCycle, lease: Lease) async throws(SyncCycleError) -> SyncRunSummary {
        let store = self.store
        let duration = settings.leaseDuration
        let logger = self.logger
        let renewal = Task {
            var pause = duration / 3
            while !Task.isCancelled {
                try await Task.sleep(for: pause)
                do {
                    _ = try await store.renewLease(lease, duration: duration)
                    pause = duration / 3
                } catch SyncStoreError.leaseLost {
                    logger.warning(
                        "lost the mailbox lease; the cycle stops before its next write",
                        metadata: ["lease": "\(lease.resource)", "holder": "\(lease.holder)"])
                    return
                } catch {
                    logger.warning(
                        "could not renew the mailbox lease; trying again",
                        metadata: ["lease": "\(lease.resource)", "error": "\(error)"])
                    pause = .seconds(1)
                }
            }
        }
        defer { renewal.cancel() }
        return try await cycle.run()
    }
}
