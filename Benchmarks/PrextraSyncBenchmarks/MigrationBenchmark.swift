import ArgumentParser
import Foundation
import SyncEngine
import SyncService

/// Issue 14: moving an environment from EWS to Graph. Mailboxes synchronized (and settled) through
/// EWS, then every mailbox moved (`GraphMigration`: ids translated, EWS cursors dropped), then the
/// first Graph cycle: time, requests, and writes, whose goal is 0.
struct MigrationBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migration", abstract: "Moves mailboxes synchronized through EWS to Graph, then runs the first Graph cycle.")

    @OptionGroup var options: BenchmarkOptions
    @Option var mailboxes = 1_000
    @Option(help: "Appointments per mailbox.") var appointments = 10
    @Option(help: "Contacts per mailbox.") var contacts = 10
    @Option(help: "Tasks per mailbox.") var tasks = 5
    @Option(help: "Cycles running at once against the tenant.") var concurrency = SyncService.Settings().concurrencyPerTenant

    func run() async throws {
        let latency = options.latencyMilliseconds ?? 20
        let child = try await SimulatorChildProcess.launch(
            .init(mailboxes: mailboxes, appointments: appointments, contacts: contacts, tasks: tasks, latencyMilliseconds: latency,
                  marking: .optInCategory))
        let pageSize = SyncService.Settings().pageSize
        let ews = try ServiceUnderTest(simulator: child, mailboxes: mailboxes, concurrency: concurrency, pageSize: pageSize, api: .ews)
        defer { ews.removeFiles() }
        await ews.service.prepare()
        let initial = try await ews.cycle(simulator: child)
        let settled = try await ews.cycle(simulator: child)

        let graph = try ServiceUnderTest(
            simulator: child, mailboxes: mailboxes, concurrency: concurrency, pageSize: pageSize, api: .graph, directory: ews.directory)
        guard let connector = graph.connector as? GraphMailboxConnector else { throw ValidationError("no Graph connector") }
        let migration = GraphMigration(store: graph.store, client: connector.client, environment: ServiceUnderTest.environmentName, worker: "bench")
        try await SimulatorRequestLog.clear(at: child.baseURL)
        let clock = ContinuousClock()
        var translated = 0
        var untranslated = 0
        var busy = 0
        let moveTime = try await clock.measure {
            for index in 0..<mailboxes {
                let report = try await migration.migrate(MailboxAddress(BenchmarkWorld.mailbox(index)), dryRun: false)
                translated += report.translated
                untranslated += report.untranslated
                if report.busy { busy += 1 }
            }
        }
        let (moveRequests, _) = try await SimulatorRequestLog.counts(at: child.baseURL)
        let first = try await graph.cycle(simulator: child)
        let idle = try await graph.cycle(simulator: child)

        var report = FigureReport(
            benchmark: "migration",
            setup: "\(mailboxes) mailboxes (\(appointments) appointments, \(contacts) contacts, \(tasks) tasks each, every third marked with the Prextra category) synchronized and settled through EWS, then moved to Graph with GraphMigration one mailbox after the other, then two Graph cycles; SQLite store, \(concurrency) cycles at once, simulator in its own process with \(latency) ms added per request.")
        report.add("EWS initial sync", "\(initial.wallTime.formatted), writes \(initial.outlookWrites) + \(initial.crmWrites)", number: initial.wallTime.seconds, unit: "s")
        report.add("EWS settled cycle", "\(settled.wallTime.formatted), writes \(settled.outlookWrites) + \(settled.crmWrites)", number: settled.wallTime.seconds, unit: "s")
        report.add("move: time", duration: moveTime)
        report.add("move: links translated / left / busy mailboxes", "\(translated) / \(untranslated) / \(busy)")
        var shapes: [String: Int] = [:]
        for (operation, count) in moveRequests { shapes[ServiceUnderTest.Cycle.shape(of: operation), default: 0] += count }
        report.add(
            "move: requests", "\(moveRequests.values.reduce(0, +)) (\(shapes.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")))")
        report.add("first Graph cycle: time", duration: first.wallTime)
        report.add("first Graph cycle: requests per mailbox", String(format: "%.2f (%@)", Double(first.totalRequests) / Double(mailboxes), first.operations()),
                   number: Double(first.totalRequests) / Double(mailboxes))
        report.add("first Graph cycle: writes (Outlook + CRM)", "\(first.outlookWrites) + \(first.crmWrites)", number: Double(first.outlookWrites + first.crmWrites), unit: "count")
        report.add("first Graph cycle: failed mailboxes", count: first.failedMailboxes)
        if let error = first.firstError { report.add("first Graph cycle: first error", error) }
        report.add("next Graph cycle", "\(idle.wallTime.formatted), \(String(format: "%.2f", Double(idle.totalRequests) / Double(mailboxes))) requests per mailbox, writes \(idle.outlookWrites) + \(idle.crmWrites)",
                   number: idle.wallTime.seconds, unit: "s")
        try report.emit(jsonPath: options.jsonPath)
        await child.stop()
    }
}
