import ArgumentParser
import Foundation
import ServiceConfiguration
import SyncEngine
import SyncService
import SyncStore

/// Issue 15: the steady state of many mailboxes with 1, 2 and 3 workers on one PostgreSQL
/// database. Each worker is a `SyncService` of its own in this process, with its own connection
/// pool, connector and tenant limit, as a `serve` on its own machine would be; they announce
/// themselves and each runs a round over the mailboxes assigned to it, all at once. Figures: the
/// time of an idle round (the slowest worker's), requests per mailbox, writes (must be 0), and
/// how evenly the mailboxes were shared.
struct WorkersBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workers", abstract: "An idle round over 3,000 mailboxes with 1, 2 and 3 workers on one PostgreSQL database.")

    @OptionGroup var options: BenchmarkOptions
    @OptionGroup var storeChoice: BenchmarkStore
    @Option var mailboxes = 3_000
    @Option(help: "Appointments per mailbox.") var appointments = 2
    @Option(help: "Contacts per mailbox.") var contacts = 2
    @Option(help: "Tasks per mailbox.") var tasks = 1
    @Option(help: "Worker counts to measure, comma-separated.") var workers = "1,2,3"
    @Option(help: "Cycles running at once against the tenant, per worker.") var concurrency = SyncService.Settings().concurrencyPerTenant

    func run() async throws {
        let latency = options.latencyMilliseconds ?? 20
        let counts = workers.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }.filter { $0 > 0 }
        var report = FigureReport(
            benchmark: "workers",
            setup: "\(mailboxes) mailboxes of one tenant (\(appointments) appointments, \(contacts) contacts, \(tasks) tasks each; every third marked with the Prextra category) on one \(storeChoice.name) database; each worker a SyncService with its own store connection pool, EWS connector and \(concurrency) cycles at once; simulator in its own process with \(latency) ms added per request. After the initial sync and the round that reads back its tags, an idle round: every worker at once over its own mailboxes.")
        var oneWorker: Duration?
        for count in counts {
            let child = try await SimulatorChildProcess.launch(
                .init(mailboxes: mailboxes, appointments: appointments, contacts: contacts, tasks: tasks, latencyMilliseconds: latency,
                      marking: .optInCategory))
            let url = try await storeChoice.postgresDatabaseURL()
            var services: [ServiceUnderTest] = []
            for index in 0..<count {
                let store: (any SyncStore)? = storeChoice.isPostgres ? try await PostgresSyncStore.open(url: url) : nil
                services.append(
                    try ServiceUnderTest(
                        simulator: child, mailboxes: mailboxes, concurrency: concurrency, pageSize: SyncService.Settings().pageSize,
                        store: store, worker: "bench-worker-\(index + 1):\(index + 1):0000000\(index + 1)"))
            }
            for service in services { await service.service.prepare() }
            // Twice: the first announcements see only the workers announced before them.
            for _ in 0..<2 { for service in services { await service.service.announce() } }

            _ = try await Self.round(services, simulator: child)
            _ = try await Self.round(services, simulator: child)
            let idle = try await Self.round(services, simulator: child)
            let label = "\(count) worker\(count == 1 ? "" : "s")"
            report.add("\(label): idle round", duration: idle.wallTime)
            // The request floor: the busiest worker's mailboxes × 3 folders × the latency, over its concurrency.
            let floor = Double(idle.shares.first ?? 0) * 3 * Double(latency) / 1000 / Double(concurrency)
            report.add("\(label): request floor (busiest worker)", String(format: "%.2f s, ratio %.2f", floor, idle.wallTime.seconds / floor),
                       number: idle.wallTime.seconds / floor, unit: "ratio")
            if count == 1 { oneWorker = idle.wallTime }
            if let oneWorker { report.add("\(label): speed-up over 1 worker", String(format: "%.2f×", oneWorker / idle.wallTime), number: oneWorker / idle.wallTime, unit: "ratio") }
            report.add("\(label): requests per mailbox", String(format: "%.2f", Double(idle.requests) / Double(mailboxes)), number: Double(idle.requests) / Double(mailboxes))
            report.add("\(label): writes (Outlook + CRM)", count: idle.writes)
            report.add("\(label): mailboxes per worker", idle.shares.map(String.init).joined(separator: " / "))
            report.add("\(label): failed mailboxes", count: idle.failed)
            for service in services {
                if let postgres = service.store as? PostgresSyncStore { await postgres.close() }
                service.removeFiles()
            }
            await child.stop()
        }
        try report.emit(jsonPath: options.jsonPath)
    }

    struct Round {
        var wallTime: Duration
        var requests: Int
        var writes: Int
        var failed: Int
        var shares: [Int]
    }

    /// Every worker at once over its own mailboxes; the round ends with the slowest.
    static func round(_ services: [ServiceUnderTest], simulator: SimulatorChildProcess) async throws -> Round {
        try await SimulatorRequestLog.clear(at: simulator.baseURL)
        let clock = ContinuousClock()
        var summaries: [[SyncRunSummary]] = []
        let elapsed = try await clock.measure {
            summaries = try await withThrowingTaskGroup(of: [SyncRunSummary].self) { group in
                for service in services { group.addTask { try await service.service.runOnce(assignedOnly: true) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
        }
        let (requests, _) = try await SimulatorRequestLog.counts(at: simulator.baseURL)
        let all = summaries.flatMap { $0 }
        return Round(
            wallTime: elapsed, requests: requests.filter { !$0.key.hasPrefix("Graph $batch ") }.values.reduce(0, +),
            writes: all.map { $0.outlookWrites + $0.crmWrites }.reduce(0, +), failed: all.filter { $0.outcome != .succeeded }.count,
            shares: summaries.map(\.count).sorted(by: >))
    }
}
