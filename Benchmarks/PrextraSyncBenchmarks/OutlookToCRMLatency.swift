import Foundation
import ServiceConfiguration
import SyncEngine
import SyncService
import SyncStore

/// Issue 16, Outlook → CRM: the time from an edit in Outlook (the simulator's control API, as
/// the user) to the record's change in the CRM's feed, with change notifications (EWS streaming,
/// or Graph subscriptions through the API on loopback) and, as the baseline, polling alone. Also
/// the requests an idle mailbox costs, in both modes.
struct OutlookToCRMLatency {
    let child: SimulatorChildProcess
    let mailboxes: Int
    let api: ExchangeAPI
    let interval: Int
    let samples: Int
    let pollingSamples: Int
    let idleSeconds: Int

    static let environment = ServiceUnderTest.environmentName

    func run(into report: inout FigureReport) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prextra-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        func service(listening: Bool, notifications: NotificationSettings? = nil) throws -> ServiceUnderTest {
            try ServiceUnderTest(
                simulator: child, mailboxes: mailboxes, concurrency: SyncService.Settings().concurrencyPerTenant,
                pageSize: SyncService.Settings().pageSize, api: api, directory: directory, interval: .seconds(interval),
                notifications: notifications, listensForChanges: listening)
        }

        // The records whose Outlook items are edited: one task per sampled mailbox.
        let setup = try service(listening: false)
        await setup.service.prepare()
        let targets = try await seedTargets(setup)
        // What one round costs when nothing changed, in requests and in time.
        try await SimulatorRequestLog.clear(at: child.baseURL)
        let roundTime = try await ContinuousClock().measure { _ = try await setup.service.runOnce() }
        let round = Double(try await requestCount()) / Double(mailboxes)

        // Baseline: polling alone.
        let polling = try service(listening: false)
        let pollingRun = Task { try await polling.service.run() }
        try await Task.sleep(for: .seconds(2))
        let pollingIdle = try await idleRequests()
        let polled = try await timedEdits(
            Array(targets.suffix(pollingSamples)), store: polling.store,
            spacing: .seconds(Double(interval) / Double(max(pollingSamples, 1)) * 2))
        pollingRun.cancel()
        _ = try? await pollingRun.value

        // With notifications.
        let receiver = NotificationReceiver()
        var notifications: NotificationSettings?
        if api == .graph { notifications = NotificationSettings(url: try await receiver.start(store: setup.store, environment: Self.environment)) }
        let notified = try service(listening: true, notifications: notifications)
        receiver.current.withLock { $0 = notified.service }
        let clock = ContinuousClock()
        let started = clock.now
        let notifiedRun = Task { try await notified.service.run() }
        while notified.service.notificationHealth.healthyMailboxes(environment: Self.environment).count < mailboxes {
            guard clock.now - started < .seconds(600) else { throw BenchmarkError("notifications not healthy after 600 s") }
            try await Task.sleep(for: .milliseconds(100))
        }
        let ready = clock.now - started
        // The service's first round (every mailbox, at start) is over before the window opens.
        try await Task.sleep(until: started + roundTime * 2 + .seconds(5))
        let notifiedIdle = try await idleRequests()
        let fast = try await timedEdits(Array(targets.prefix(samples)), store: notified.store, spacing: .milliseconds(100))
        notifiedRun.cancel()
        _ = try? await notifiedRun.value
        await receiver.stop()

        let fastSamples = LatencySamples(fast), polledSamples = LatencySamples(polled)
        report.add("Outlook → CRM, change notifications", fastSamples.description, number: fastSamples.percentile(0.95), unit: "s (p95)")
        report.add("Outlook → CRM, polling alone (baseline)", polledSamples.description, number: polledSamples.percentile(0.95), unit: "s (p95)")
        report.add("notifications healthy for every mailbox after start", duration: ready)
        report.add("requests of one idle round", String(format: "%.2f per mailbox", round), number: round, unit: "requests/mailbox")
        let perHour = 3600 / Double(idleSeconds) / Double(mailboxes)
        report.add(
            "idle requests, polling alone", "\(pollingIdle) in \(idleSeconds) s = \(String(format: "%.1f", Double(pollingIdle) * perHour)) per mailbox per hour",
            number: Double(pollingIdle) * perHour, unit: "requests/mailbox/h")
        // Polling goes on every SyncIntervalWithNotifications, and the upkeep of notifications is
        // renewals (Graph: one per folder per half lifetime) or reconnections (EWS: one per group
        // of 200 every 30 minutes), rarer than this window: both are counted by formula.
        let slowRounds = 3600 / (ServiceSettings.defaultSyncIntervalWithNotifications / .seconds(1))
        let upkeep = api == .graph ? 3 * 3600 / (Double(NotificationSettings.defaultSubscriptionLifetimeMinutes) * 60 / 2) : 2.0 / 200
        report.add(
            "idle requests, with notifications",
            "\(notifiedIdle) in \(idleSeconds) s measured; per mailbox per hour \(String(format: "%.1f", round * slowRounds + upkeep)) "
                + "(\(String(format: "%.0f", slowRounds)) polls of \(String(format: "%.1f", round)) requests, + \(String(format: "%.2f", upkeep)) upkeep)",
            number: round * slowRounds + upkeep, unit: "requests/mailbox/h")
    }

    struct Target {
        var record: RecordKey
        var mailbox: MailboxAddress
        var itemID: String
    }

    /// One CRM task per sampled mailbox, synchronized into Outlook, and its item there.
    private func seedTargets(_ setup: ServiceUnderTest) async throws -> [Target] {
        let count = samples + pollingSamples
        var written: [(RecordKey, MailboxAddress, String)] = []
        for index in 0..<count {
            let mailbox = MailboxAddress(BenchmarkWorld.mailbox((index * 37) % mailboxes))
            let record = RecordKey(.task, RecordID("O-\(index)"))
            let subject = "Edited from Outlook \(index)"
            _ = try await setup.store.upsertRecord(
                environment: Self.environment, record: record, fields: ["subject": .text(subject)], owners: [mailbox], ifMatch: nil)
            written.append((record, mailbox, subject))
        }
        _ = try await setup.service.runOnce()
        _ = try await setup.service.runOnce()
        var targets: [Target] = []
        for (record, mailbox, subject) in written {
            let items = try await SimulatorControl.items(at: child.baseURL, mailbox: mailbox.rawValue, folder: "tasks")
            guard let item = items.first(where: { $0.subject == subject }) else {
                throw BenchmarkError("\(record) did not reach \(mailbox)'s Tasks")
            }
            targets.append(Target(record: record, mailbox: mailbox, itemID: item.id))
        }
        return targets
    }

    /// The requests the service made in `idleSeconds` with nothing to do.
    private func idleRequests() async throws -> Int {
        try await SimulatorRequestLog.clear(at: child.baseURL)
        try await Task.sleep(for: .seconds(idleSeconds))
        return try await requestCount()
    }

    /// The requests logged since the log was cleared (inner `$batch` operations not counted twice).
    private func requestCount() async throws -> Int {
        let (counts, _) = try await SimulatorRequestLog.counts(at: child.baseURL)
        return counts.filter { !$0.key.hasPrefix("Graph $batch ") }.values.reduce(0, +)
    }

    /// Edits each target's subject in Outlook, `spacing` apart, and returns the seconds from each
    /// edit to its entry in the CRM's feed.
    private func timedEdits(_ targets: [Target], store: any SyncStore, spacing: Duration) async throws -> [Double] {
        let clock = ContinuousClock()
        var position = try await store.environment(Self.environment)?.outlookFeedHead ?? FeedPosition(0)
        var pending: [String: (record: RecordKey, edited: ContinuousClock.Instant)] = [:]
        var latencies: [Double] = []
        var next = clock.now, edited = 0
        let deadline = clock.now + .seconds(Double(targets.count) * (spacing / .seconds(1)) + Double(interval) * 3 + 60)
        while edited < targets.count || !pending.isEmpty, clock.now < deadline {
            if edited < targets.count, clock.now >= next {
                let target = targets[edited]
                let subject = "Latency \(target.record.id.rawValue) \(UUID().uuidString.prefix(8))"
                try await SimulatorControl.update(at: child.baseURL, mailbox: target.mailbox.rawValue, id: target.itemID, set: ["Subject": subject])
                pending[subject] = (target.record, clock.now)
                edited += 1
                next = next + spacing
            }
            let page = try await store.outlookChanges(environment: Self.environment, after: position, limit: 1000)
            for change in page.changes {
                if case .text(let subject) = change.fields["subject"], let entry = pending.removeValue(forKey: subject) {
                    latencies.append((clock.now - entry.edited) / .seconds(1))
                }
            }
            position = page.next
            try await Task.sleep(for: .milliseconds(20))
        }
        if !pending.isEmpty { FileHandle.standardError.write(Data("\(pending.count) edits never reached the CRM\n".utf8)) }
        return latencies
    }
}
