import ArgumentParser
import Foundation

/// Issue 4's acceptance: one mailbox of 50,000 items; a full SyncFolderItems read in pages of
/// 512, then GetItem of every item in batches, timed over raw HTTP (no client-side parsing),
/// with the simulator process's memory.
struct SimulatorScaleBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulator-scale", abstract: "The simulator with 50,000 items in one mailbox: SyncFolderItems pages and GetItem batches.")

    @OptionGroup var options: BenchmarkOptions
    @Option var items = 50_000
    @Option(name: .customLong("batch")) var getItemBatch = 100

    func run() async throws {
        // The simulator's own speed: no added latency unless asked.
        let latency = options.latencyMilliseconds ?? 0
        let child = try await SimulatorChildProcess.launch(.init(appointments: items, latencyMilliseconds: latency))
        let mailbox = BenchmarkWorld.mailbox(0)
        let ews = RawEWSRequests(
            endpoint: child.baseURL.appendingPathComponent("EWS/Exchange.asmx"), tokenProvider: BenchmarkWorld.tokenProvider(authority: child.baseURL))
        let clock = ContinuousClock()
        _ = try await ews.tokenProvider.accessToken()

        // Full read, IdOnly, 512 per page.
        var pageTimes: [Duration] = []
        var ids: [String] = []
        var state: String?
        let readStart = clock.now
        while true {
            var answer: (status: Int, body: String) = (0, "")
            pageTimes.append(try await clock.measure { answer = try await ews.post(RawEWSRequests.syncFolderItems(folder: "calendar", state: state), mailbox: mailbox) })
            guard answer.status == 200, let next = RawEWSRequests.texts(of: "SyncState", in: answer.body).first else {
                throw BenchmarkError("SyncFolderItems failed: HTTP \(answer.status) \(answer.body.prefix(500))")
            }
            ids += RawEWSRequests.itemIds(in: answer.body)
            state = next
            if RawEWSRequests.texts(of: "IncludesLastItemInRange", in: answer.body).first == "true" { break }
        }
        let fullRead = clock.now - readStart
        guard ids.count == items else { throw BenchmarkError("the full read returned \(ids.count) items, expected \(items)") }

        // One 512-change page with every property (AllProperties), from the start.
        var allPropertiesBytes = 0
        let allPropertiesPage = try await clock.measure {
            let answer = try await ews.post(RawEWSRequests.syncFolderItems(folder: "calendar", state: nil, shape: "AllProperties"), mailbox: mailbox)
            allPropertiesBytes = answer.body.utf8.count
        }

        // GetItem of every item, AllProperties, in batches.
        var batchTimes: [Duration] = []
        let getStart = clock.now
        var start = 0
        while start < ids.count {
            let batch = Array(ids[start..<min(start + getItemBatch, ids.count)])
            start += batch.count
            var answer: (status: Int, body: String) = (0, "")
            batchTimes.append(try await clock.measure { answer = try await ews.post(RawEWSRequests.getItem(ids: batch), mailbox: mailbox) })
            guard answer.status == 200 else { throw BenchmarkError("GetItem failed: HTTP \(answer.status)") }
        }
        let getAll = clock.now - getStart

        let memory = child.memory()
        let pages = DurationSummary(pageTimes)
        let batches = DurationSummary(batchTimes)
        var report = FigureReport(
            benchmark: "simulator-scale",
            setup: "Simulator in its own process, one mailbox with \(items) calendar items (every 10th a weekly series), added latency \(latency) ms; raw HTTP over loopback, responses not parsed beyond a scan for ids.")
        report.add("seed load and start", duration: .seconds(child.loadSeconds))
        if let loaded = child.loadedMemory { report.add("simulator RSS after load", bytes: loaded.residentBytes) }
        report.add("SyncFolderItems pages (IdOnly, 512)", count: pageTimes.count)
        report.add("512-change page, median", duration: pages.median)
        report.add("512-change page, p95", duration: pages.p95)
        report.add("512-change page, max", duration: pages.max)
        report.add("full read, \(items) changes", duration: fullRead)
        report.add("512-change page, AllProperties", duration: allPropertiesPage)
        report.add("AllProperties page size", bytes: allPropertiesBytes)
        report.add("GetItem batches (\(getItemBatch), AllProperties)", count: batchTimes.count)
        report.add("GetItem batch, median", duration: batches.median)
        report.add("GetItem batch, p95", duration: batches.p95)
        report.add("GetItem of all \(items)", duration: getAll)
        if let memory {
            report.add("simulator RSS at end", bytes: memory.residentBytes)
            report.add("simulator peak RSS", bytes: memory.peakBytes)
        }
        try report.emit(jsonPath: options.jsonPath)
        await child.stop()
    }
}
