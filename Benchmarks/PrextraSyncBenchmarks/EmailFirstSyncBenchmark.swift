import ArgumentParser
import ExchangeWebServices
import Foundation
import SyncEngine
import SyncService
import SyncStore

/// Issue 17: the first e-mail tracking sync of one mailbox through EWS, 20,000 messages in the
/// window (half in the Inbox, half in Sent Items), 2,000 of them with CRM contacts; then the
/// steady state. The service's own pass (`EmailTracker`: rounds of one page a folder, planned
/// together, records and cursors written to a real SQLite store file). Requests against the
/// floor, time, and the client's peak RSS (bounded by a round: a page of each folder).
struct EmailFirstSyncBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "email-first-sync", abstract: "E-mail tracking: first sync of a mailbox with 20,000 messages, then the steady state.")

    @OptionGroup var options: BenchmarkOptions
    @Option var messages = 20_000

    func run() async throws {
        let latency = options.latencyMilliseconds ?? 20
        let child = try await SimulatorChildProcess.launch(.init(messages: messages, latencyMilliseconds: latency))
        let mailbox = MailboxAddress(BenchmarkWorld.mailbox(0))
        let provider = BenchmarkWorld.tokenProvider(authority: child.baseURL)
        let configuration = EWSClientConfiguration(endpoint: child.baseURL.appendingPathComponent("EWS/Exchange.asmx"))
        let reader = EWSMailFolderReader(
            client: ExchangeWebServicesClient(configuration: configuration, tokenProvider: provider))
        let contacts = EmailContactDirectory(
            contacts: (0..<BenchmarkWorld.crmContactCount).map { (RecordID(rawValue: "contact-\($0)"), [BenchmarkWorld.crmContactAddress($0)]) },
            excluding: [mailbox])
        let planner = EmailTrackingPlanner(rules: EmailTrackingRules(mode: .crmContacts), contacts: contacts, enrolledMailboxes: [mailbox])
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("email-first-sync-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteSyncStore(path: directory.appendingPathComponent("state.sqlite").path)
        let environment = "benchmark"
        try await store.registerEnvironment(environment, configFingerprint: nil)
        try await store.enrolMailbox(environment: environment, address: mailbox)
        let tracker = EmailTracker(store: store, reader: reader, environment: environment, planner: planner, lookbackDays: 30)
        try await SimulatorRequestLog.clear(at: child.baseURL)

        ProcessMemory.resetPeak()
        let before = ProcessMemory.read()
        let clock = ContinuousClock()
        var first = EmailTracker.Outcome()
        let firstTime = try await clock.measure { first = try await tracker.track(mailbox, now: Date()) }
        let after = ProcessMemory.read()
        let tracked = first.created
        let read = first.created + first.updated + first.skipped.values.reduce(0, +) + first.unreadable
        guard read == messages, tracked == messages / 10 else {
            throw BenchmarkError("read \(read) messages and tracked \(tracked), expected \(messages) and \(messages / 10)")
        }
        let feed = try await store.outlookChanges(environment: environment, after: .start, limit: messages)
        guard feed.changes.count == tracked, feed.changes.allSatisfy({ $0.kind == .email && $0.operation == .created }) else {
            throw BenchmarkError("the change feed holds \(feed.changes.count) entries, expected \(tracked) e-mails created")
        }
        let (counts, failed) = try await SimulatorRequestLog.counts(at: child.baseURL)
        let batch = configuration.batchSize
        let perFolder = [messages - messages / 2, messages / 2]
        let floor = perFolder.map { FolderRead.minimumRequests(items: $0, batch: batch) }.reduce(0) { $0 + $1.syncFolderItems + $1.getItem }
        let perPageFloor = perFolder.map {
            FolderRead.minimumRequests(items: $0, batch: batch).syncFolderItems + FolderRead.minimumRequestsPerPage(items: $0, batch: batch)
        }.reduce(0, +)

        try await SimulatorRequestLog.clear(at: child.baseURL)
        var steady = EmailTracker.Outcome()
        let steadyTime = try await clock.measure { steady = try await tracker.track(mailbox, now: Date()) }
        let steadyRead = steady.created + steady.updated + steady.skipped.values.reduce(0, +)
        let (steadyCounts, _) = try await SimulatorRequestLog.counts(at: child.baseURL)

        var report = FigureReport(
            benchmark: "email-first-sync",
            setup: "EmailTracker (EWSMailFolderReader: SyncFolderItems of 512 with DateTimeReceived only, GetItem batches of \(batch) with the tracking properties; EmailTrackingPlanner, CrmContacts, \(BenchmarkWorld.crmContactCount) contacts; rounds of one page a folder; records, feed entries and cursors in a SQLite store file), against the simulator in its own process with \(latency) ms added per EWS request; one mailbox, \(messages) messages in the window, \(messages / 10) with CRM contacts.")
        report.add("wall time, first sync", duration: firstTime)
        report.add("messages per second", String(format: "%.0f", Double(read) / firstTime.seconds))
        report.add("messages read", count: read)
        report.add("e-mails tracked", count: tracked)
        report.add("pages read (both folders)", count: first.pages)
        report.addEWSRead(memoryBefore: before, after: after, counts: counts, minimum: floor, perPageMinimum: perPageFloor, failed: failed)
        report.add("steady state: wall time", duration: steadyTime)
        report.add("steady state: EWS requests (2 folders)", count: steadyCounts.values.reduce(0, +))
        report.add("steady state: messages read", count: steadyRead)
        try report.emit(jsonPath: options.jsonPath)
        await child.stop()
    }
}
