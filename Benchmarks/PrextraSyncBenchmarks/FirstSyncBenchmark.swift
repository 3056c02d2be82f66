import ArgumentParser
import Foundation
import ServiceConfiguration
import SyncService

/// Issue 8, item 1: the service's first sync of one mailbox holding 10,000 appointments and
/// 5,000 contacts (a third of them marked with the opt-in category, so imported into the CRM).
struct FirstSyncBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "first-sync", abstract: "The sync service's first cycle of one mailbox (10,000 appointments, 5,000 contacts).")

    @OptionGroup var options: BenchmarkOptions
    @OptionGroup var storeChoice: BenchmarkStore
    @Option var appointments = 10_000
    @Option var contacts = 5_000
    @Option(help: "Changes read per page (the service's default is 256; EWS allows 512).") var pageSize = SyncService.Settings().pageSize
    @Option(help: "ews or graph.") var api = "ews"

    func run() async throws {
        let latency = options.latencyMilliseconds ?? 20
        let child = try await SimulatorChildProcess.launch(
            .init(appointments: appointments, contacts: contacts, latencyMilliseconds: latency, marking: .optInCategory))
        let exchangeAPI: ExchangeAPI = api.lowercased() == "graph" ? .graph : .ews
        let service = try ServiceUnderTest(
            simulator: child, mailboxes: 1, concurrency: 4, pageSize: pageSize, api: exchangeAPI, store: try await storeChoice.open())
        defer { service.removeFiles() }
        await service.service.prepare()

        ProcessMemory.resetPeak()
        let before = ProcessMemory.read()
        let first = try await service.cycle(simulator: child)
        let after = ProcessMemory.read()
        let second = try await service.cycle(simulator: child)

        let read = FolderRead.minimumRequests(items: appointments, batch: 100)
        let readContacts = FolderRead.minimumRequests(items: contacts, batch: 100)
        // Reading: SyncFolderItems pages of 512 for calendar, contacts and the empty tasks folder, GetItem batches of 100.
        let readMinimum = read.syncFolderItems + read.getItem + readContacts.syncFolderItems + readContacts.getItem + 1
        let writeMinimum = (first.outlookWrites + 99) / 100

        var report = FigureReport(
            benchmark: "first-sync",
            setup: "SyncService.runOnce (\(storeChoice.name) store, \(exchangeAPI == .graph ? "Graph" : "EWS") connector, default policy) against the simulator in its own process with \(latency) ms added per request; one mailbox with \(appointments) appointments and \(contacts) contacts, every third marked with the Prextra category; page size \(pageSize).")
        report.add("wall time, first cycle", duration: first.wallTime)
        if let before, let after {
            report.add("peak RSS (service process)", bytes: after.peakBytes)
            report.add("peak RSS over start", bytes: after.peakBytes - before.residentBytes)
        }
        report.add("items read", count: first.itemsRead)
        report.add("CRM writes", count: first.crmWrites)
        report.add("Outlook writes", count: first.outlookWrites)
        report.add("requests made", "\(first.totalRequests) (\(first.operations()))", number: Double(first.totalRequests), unit: "count")
        if exchangeAPI == .graph {
            // Graph, a full round: delta pages of 100 (the calendar view lists a series' occurrences
            // one by one, so its pages are counted as made), then each folder listed a hundred
            // items a request with their tags, each series read by its master (20 a $batch, as
            // many as the calendar holds series), writes 20 a $batch; plus the To Do lists and
            // one empty tasks delta page.
            let deltaPages = (contacts + 99) / 100 + first.operationCount("calendarView")
            let seriesReads = first.operationCount("$batch GET /users/{user}/events/{id}")
            let graphReadMinimum = deltaPages + (contacts + 99) / 100 + (appointments + 99) / 100 + (seriesReads + 19) / 20 + 2
            report.add("requests inside $batches", count: first.batchedRequests)
            report.add("minimum to read (delta 100, lists 100, series 20 a $batch)", count: graphReadMinimum)
            report.add("minimum with writes ($batch 20)", count: graphReadMinimum + (first.outlookWrites + 19) / 20)
        } else {
            report.add("minimum to read (512-pages, GetItem 100)", count: readMinimum)
            report.add("minimum with writes (batches of 100)", count: readMinimum + writeMinimum)
        }
        report.add("failed requests / mailboxes", "\(first.failedRequests) / \(first.failedMailboxes)")
        if let error = first.firstError { report.add("first error", error) }
        report.add("second cycle (nothing changed)", "\(second.wallTime.formatted), \(second.totalRequests) requests, writes \(second.outlookWrites + second.crmWrites)",
                   number: second.wallTime.seconds, unit: "s")
        try report.emit(jsonPath: options.jsonPath)
        await child.stop()
    }
}
