import ArgumentParser
import ExchangeWebServices
import Foundation

/// Issue 8, item 1 at the protocol level: the EWS client reads one mailbox holding 10,000
/// appointments and 5,000 contacts (SyncFolderItems pages of 512 + GetItem batches) against
/// the simulator with 20 ms added per request.
struct MailboxReadBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mailbox-read", abstract: "EWS client: full read of one mailbox (10,000 appointments, 5,000 contacts).")

    @OptionGroup var options: BenchmarkOptions
    @Option var appointments = 10_000
    @Option var contacts = 5_000

    func run() async throws {
        let latency = options.latencyMilliseconds ?? 20
        let child = try await SimulatorChildProcess.launch(.init(appointments: appointments, contacts: contacts, latencyMilliseconds: latency))
        let mailbox = BenchmarkWorld.mailbox(0)
        let provider = BenchmarkWorld.tokenProvider(authority: child.baseURL)
        let configuration = EWSClientConfiguration(endpoint: child.baseURL.appendingPathComponent("EWS/Exchange.asmx"))
        let client = ExchangeWebServicesClient(configuration: configuration, tokenProvider: provider)
        try await SimulatorRequestLog.clear(at: child.baseURL)

        ProcessMemory.resetPeak()
        let before = ProcessMemory.read()
        let clock = ContinuousClock()
        var calendar = FolderRead.Outcome(), contactsRead = FolderRead.Outcome()
        let calendarTime = try await clock.measure {
            calendar = try await FolderRead.read(.calendar, kind: .calendarItem, mailbox: mailbox, client: client)
        }
        let contactsTime = try await clock.measure {
            contactsRead = try await FolderRead.read(.contacts, kind: .contact, mailbox: mailbox, client: client)
        }
        let after = ProcessMemory.read()
        guard calendar.items == appointments, contactsRead.items == contacts else {
            throw BenchmarkError("read \(calendar.items) appointments and \(contactsRead.items) contacts, expected \(appointments) and \(contacts)")
        }
        let (counts, failed) = try await SimulatorRequestLog.counts(at: child.baseURL)
        let batch = configuration.batchSize
        let calendarMinimum = FolderRead.minimumRequests(items: appointments, batch: batch)
        let contactsMinimum = FolderRead.minimumRequests(items: contacts, batch: batch)
        let minimum = calendarMinimum.syncFolderItems + calendarMinimum.getItem + contactsMinimum.syncFolderItems + contactsMinimum.getItem
        let perPageMinimum = calendarMinimum.syncFolderItems + contactsMinimum.syncFolderItems
            + FolderRead.minimumRequestsPerPage(items: appointments, batch: batch) + FolderRead.minimumRequestsPerPage(items: contacts, batch: batch)

        var report = FigureReport(
            benchmark: "mailbox-read",
            setup: "ExchangeWebServicesClient (folderChanges: SyncFolderItems IdOnly 512 + GetItem batches of \(batch), modelled shape) against the simulator in its own process with \(latency) ms added per EWS request; one mailbox, \(appointments) appointments then \(contacts) contacts, read sequentially.")
        report.add("wall time, total", duration: calendarTime + contactsTime)
        report.add("wall time, \(appointments) appointments", duration: calendarTime)
        report.add("wall time, \(contacts) contacts", duration: contactsTime)
        report.add("items per second", String(format: "%.0f", Double(appointments + contacts) / (calendarTime + contactsTime).seconds))
        report.addEWSRead(
            memoryBefore: before, after: after, counts: counts, minimum: minimum, perPageMinimum: perPageMinimum, failed: failed)
        report.add("token endpoint requests", count: await provider.tokenRequestsSent)
        try report.emit(jsonPath: options.jsonPath)
        await child.stop()
    }
}
