import ArgumentParser
import Foundation
import ServiceConfiguration
import SyncEngine
import SyncService
import SyncStore

/// Issue 8, item 3: 1,000 mailboxes × 3 folders in steady state: a cycle with nothing changed
/// (writes must be 0), then one after 1% of the items changed in Outlook.
struct SteadyStateBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "steady-state", abstract: "1,000 mailboxes × 3 folders: a cycle with nothing changed, then with 1% changed.")

    @OptionGroup var options: BenchmarkOptions
    @OptionGroup var storeChoice: BenchmarkStore
    @Option var mailboxes = 1_000
    @Option(help: "Appointments per mailbox.") var appointments = 10
    @Option(help: "Contacts per mailbox.") var contacts = 10
    @Option(help: "Tasks per mailbox.") var tasks = 5
    @Option(help: "Cycles running at once against the tenant (the service's default is 4).") var concurrency = SyncService.Settings().concurrencyPerTenant
    @Option(help: "ews or graph.") var api = "ews"
    @Option(help: "Issue 18, item 3: CRM records of another mailbox written before a second idle cycle (0: none).")
    var historyRecords = 0
    @Option(help: "CRM changes spread over those records (the feed history the idle cycle must not pay for).")
    var historyChanges = 0

    func run() async throws {
        let latency = options.latencyMilliseconds ?? 20
        let child = try await SimulatorChildProcess.launch(
            .init(mailboxes: mailboxes, appointments: appointments, contacts: contacts, tasks: tasks, latencyMilliseconds: latency,
                  marking: .optInCategory))
        let exchangeAPI: ExchangeAPI = api.lowercased() == "graph" ? .graph : .ews
        let service = try ServiceUnderTest(
            simulator: child, mailboxes: mailboxes, concurrency: concurrency, pageSize: SyncService.Settings().pageSize, api: exchangeAPI,
            store: try await storeChoice.open())
        defer { service.removeFiles() }
        await service.service.prepare()

        let initial = try await service.cycle(simulator: child)
        // The next cycle reads back the tags the first one wrote (their ChangeKeys changed); only
        // after it is the mailbox settled.
        let settling = try await service.cycle(simulator: child)
        let unchanged = try await service.cycle(simulator: child)
        // A long CRM feed history that concerns none of the measured mailboxes: an archive
        // mailbox's records, written by the ERP, the mailbox disabled so that no cycle runs for it.
        var afterHistory: ServiceUnderTest.Cycle?
        if historyRecords > 0 {
            let environment = ServiceUnderTest.environmentName
            let archive = MailboxAddress("archive@bench.example")
            try await service.store.enrolMailbox(environment: environment, address: archive)
            let started = ContinuousClock.now
            for index in 0..<max(historyChanges, historyRecords) {
                let record = RecordKey(.contact, RecordID("H-\(index % historyRecords)"))
                _ = try await service.store.upsertRecord(
                    environment: environment, record: record, fields: ["surname": .text("Archive \(index)")], owners: [archive], ifMatch: nil)
            }
            try await service.store.disableMailbox(environment: environment, address: archive)
            FileHandle.standardError.write(Data("history written in \(ContinuousClock.now - started)\n".utf8))
            afterHistory = try await service.cycle(simulator: child)
        }

        // 1% of all items, spread over the mailboxes and the three folders, edited as their owner would.
        let perMailbox = appointments + contacts + tasks
        let total = mailboxes * perMailbox
        let toChange = max(1, total / 100)
        var changed = 0
        var mailbox = 0
        while changed < toChange, mailbox < mailboxes {
            let position = (mailbox * 7) % perMailbox
            let (folder, index) = position < appointments ? ("calendar", position)
                : position < appointments + contacts ? ("contacts", position - appointments) : ("tasks", position - appointments - contacts)
            let items = try await SimulatorControl.items(at: child.baseURL, mailbox: BenchmarkWorld.mailbox(mailbox), folder: folder)
            if index < items.count {
                let field = folder == "contacts" ? "JobTitle" : "Subject"
                try await SimulatorControl.update(
                    at: child.baseURL, mailbox: BenchmarkWorld.mailbox(mailbox), id: items[index].id, set: [field: "Changed in Outlook \(mailbox)"])
                changed += 1
            }
            mailbox += max(1, mailboxes / toChange)
        }
        let onePercent = try await service.cycle(simulator: child)

        var report = FigureReport(
            benchmark: "steady-state",
            setup: "SyncService.runOnce over \(mailboxes) mailboxes of one tenant (\(appointments) appointments, \(contacts) contacts, \(tasks) tasks each; every third marked with the Prextra category), \(concurrency) cycles at once per tenant, \(storeChoice.name) store, \(exchangeAPI == .graph ? "Graph" : "EWS") connector, simulator in its own process with \(latency) ms added per request.")
        func add(_ name: String, _ cycle: ServiceUnderTest.Cycle) {
            report.add("\(name): time per cycle", duration: cycle.wallTime)
            report.add("\(name): requests per mailbox", String(format: "%.2f (%@)", Double(cycle.totalRequests) / Double(mailboxes), cycle.operations()),
                       number: Double(cycle.totalRequests) / Double(mailboxes))
            report.add("\(name): writes (Outlook + CRM)", "\(cycle.outlookWrites) + \(cycle.crmWrites) (EWS write requests \(cycle.ewsWriteRequests))",
                       number: Double(cycle.outlookWrites + cycle.crmWrites), unit: "count")
            report.add("\(name): failed mailboxes", count: cycle.failedMailboxes)
            if let error = cycle.firstError { report.add("\(name): first error", error) }
        }
        add("initial sync", initial)
        add("second cycle (own tag writes read back)", settling)
        add("nothing changed", unchanged)
        if let afterHistory {
            add("nothing changed, after \(max(historyChanges, historyRecords)) CRM changes of \(historyRecords) other records", afterHistory)
            report.add(
                "idle cycle time with the history / without", String(format: "%.2f×", afterHistory.wallTime / unchanged.wallTime) as String,
                number: afterHistory.wallTime / unchanged.wallTime, unit: "ratio")
        }
        report.add("items changed in Outlook", "\(changed) of \(total) (\(String(format: "%.1f", Double(changed) * 100 / Double(total)))%)")
        add("1% changed", onePercent)
        try report.emit(jsonPath: options.jsonPath)
        await child.stop()
    }
}
