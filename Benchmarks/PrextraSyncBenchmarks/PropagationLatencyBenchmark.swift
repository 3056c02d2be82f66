import ArgumentParser
import Foundation
import ServiceConfiguration
import SyncEngine
import SyncService
import SyncStore

/// Issue 16, propagation latency while the service runs as `serve` runs it (scheduled rounds
/// every `SyncInterval`). CRM → Outlook (the default direction): the time from an ERP write to its
/// item in the owner's mailbox, with the ERP-write trigger and, as the baseline, with polling
/// alone. Outlook → CRM: see `OutlookToCRMLatency`.
struct PropagationLatencyBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "propagation-latency",
        abstract: "Time from a change on one side to its arrival on the other, against polling alone.")

    @OptionGroup var options: BenchmarkOptions
    @Option var mailboxes = 1_000
    @Option(help: "Writes timed with the trigger.") var samples = 200
    @Option(help: "Writes timed with polling alone (each may wait a whole interval).") var pollingSamples = 20
    @Option(help: "The sync interval, in seconds.") var interval = 60
    @Option(help: "ews or graph.") var api = "ews"
    @Option(help: "crm-to-outlook or outlook-to-crm.") var direction = "crm-to-outlook"
    @Option(help: "Outlook to CRM: the idle window over which the service's requests are counted, in seconds.") var idleSeconds = 120

    func run() async throws {
        let latency = options.latencyMilliseconds ?? 20
        let child = try await SimulatorChildProcess.launch(
            .init(mailboxes: mailboxes, appointments: 2, contacts: 2, tasks: 1, latencyMilliseconds: latency, marking: .optInCategory))
        let exchangeAPI: ExchangeAPI = api.lowercased() == "graph" ? .graph : .ews
        if direction.lowercased() == "outlook-to-crm" {
            var report = FigureReport(
                benchmark: "propagation-latency",
                setup: "Outlook → CRM. SyncService.run (SyncInterval \(interval) s) over \(mailboxes) mailboxes, \(exchangeAPI == .graph ? "Graph" : "EWS") connector, SQLite store, simulator in its own process with \(latency) ms per request. One CRM task per sampled mailbox is synchronized into Outlook; then its subject is edited through the simulator's control API (as the user), one edit every 100 ms (\(samples) edits) with change notifications\(exchangeAPI == .graph ? " (Graph subscriptions, notifications over loopback HTTP to the API)" : " (EWS streaming)"), and \(pollingSamples) edits spread over two intervals with polling alone; the time from each edit to its entry in the CRM feed. Idle requests counted over \(idleSeconds) s in each mode.")
            try await OutlookToCRMLatency(
                child: child, mailboxes: mailboxes, api: exchangeAPI, interval: interval, samples: samples, pollingSamples: pollingSamples,
                idleSeconds: idleSeconds
            ).run(into: &report)
            try report.emit(jsonPath: options.jsonPath)
            await child.stop()
            return
        }
        let under = try ServiceUnderTest(
            simulator: child, mailboxes: mailboxes, concurrency: SyncService.Settings().concurrencyPerTenant,
            pageSize: SyncService.Settings().pageSize, api: exchangeAPI, interval: .seconds(interval))
        defer { under.removeFiles() }
        let service = under.service, store = under.store, environment = ServiceUnderTest.environmentName
        await service.prepare()
        _ = try await service.runOnce()
        _ = try await service.runOnce()
        let running = Task { try await service.run() }

        /// Writes `count` tasks, `spacing` apart, each owned by one mailbox, and returns the seconds
        /// from each write to its link (committed once the item is in Outlook).
        func timedWrites(_ count: Int, prefix: String, spacing: Duration, trigger service: SyncService?) async throws -> [Double] {
            let clock = ContinuousClock()
            var pending: [(record: RecordKey, mailbox: MailboxAddress, written: ContinuousClock.Instant)] = []
            var latencies: [Double] = []
            var next = clock.now
            var written = 0
            let deadline = clock.now + .seconds(Double(count) * (spacing / .seconds(1)) + Double(interval) * 3 + 60)
            while (written < count || !pending.isEmpty), clock.now < deadline {
                if written < count, clock.now >= next {
                    let mailbox = MailboxAddress(BenchmarkWorld.mailbox((written * 37) % mailboxes))
                    let record = RecordKey(.task, RecordID("\(prefix)-\(written)"))
                    _ = try await store.upsertRecord(
                        environment: environment, record: record, fields: ["subject": .text("Latency \(prefix) \(written)")],
                        owners: [mailbox], ifMatch: nil)
                    // What the API's record routes do after a write (`SyncTrigger.recordsChanged`).
                    service?.cycleSoon(environment: environment, mailboxes: [mailbox])
                    pending.append((record, mailbox, clock.now))
                    written += 1
                    next = next + spacing
                }
                var still: [(record: RecordKey, mailbox: MailboxAddress, written: ContinuousClock.Instant)] = []
                for entry in pending {
                    if try await store.link(environment: environment, mailbox: entry.mailbox, record: entry.record) != nil {
                        latencies.append((clock.now - entry.written) / .seconds(1))
                    } else {
                        still.append(entry)
                    }
                }
                pending = still
                try await Task.sleep(for: .milliseconds(20))
            }
            if !pending.isEmpty { FileHandle.standardError.write(Data("\(pending.count) writes never arrived\n".utf8)) }
            return latencies.sorted()
        }

        let triggered = LatencySamples(try await timedWrites(samples, prefix: "T", spacing: .milliseconds(100), trigger: service))
        running.cancel()
        _ = try? await running.value
        // The baseline: a service that neither is told of writes nor listens for Outlook's changes
        // (with notifications healthy, polling would run every 15 minutes).
        let baseline = try ServiceUnderTest(
            simulator: child, mailboxes: mailboxes, concurrency: SyncService.Settings().concurrencyPerTenant,
            pageSize: SyncService.Settings().pageSize, api: exchangeAPI, directory: under.directory, interval: .seconds(interval),
            listensForChanges: false)
        let polling = Task { try await baseline.service.run() }
        let polled = LatencySamples(
            try await timedWrites(pollingSamples, prefix: "P", spacing: .seconds(Double(interval) / Double(max(pollingSamples, 1)) * 2), trigger: nil))
        polling.cancel()
        _ = try? await polling.value

        var report = FigureReport(
            benchmark: "propagation-latency",
            setup: "SyncService.run (scheduled rounds every \(interval) s) over \(mailboxes) mailboxes, \(exchangeAPI == .graph ? "Graph" : "EWS") connector, SQLite store, simulator in its own process with \(latency) ms per request. A task record is written for one mailbox every 100 ms (\(samples) writes), then, without the trigger, \(pollingSamples) writes spread over two intervals; the time from each write to its link (the item in Outlook, committed).")
        report.add("CRM → Outlook, ERP-write trigger", triggered.description, number: triggered.percentile(0.95), unit: "s (p95)")
        report.add("CRM → Outlook, polling alone (baseline)", polled.description, number: polled.percentile(0.95), unit: "s (p95)")
        try report.emit(jsonPath: options.jsonPath)
        await child.stop()
    }
}
