import ArgumentParser
import ExchangeWebServices
import Foundation

/// Issue 8, item 2: the same read of 10,000 appointments by this project's EWS client and by
/// Python's exchangelib, against the same simulator process, in both request patterns.
struct CalendarReadComparison: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar-read", abstract: "10,000 appointments read by the Swift EWS client and by exchangelib; the ratio.")

    @OptionGroup var options: BenchmarkOptions
    @Option var appointments = 10_000
    @Option(help: "The Python with exchangelib installed.") var python = ".venv/bin/python"
    @Option(help: "The exchangelib read script.") var script = "Benchmarks/exchangelib/read_calendar.py"

    struct Run {
        var seconds: Double
        var requests: [String: Int]
        var peakBytes: Int?
        var items: Int
        var total: Int { requests.values.reduce(0, +) }
    }

    func run() async throws {
        let latency = options.latencyMilliseconds ?? 20
        let child = try await SimulatorChildProcess.launch(.init(appointments: appointments, latencyMilliseconds: latency))
        let mailbox = BenchmarkWorld.mailbox(0)
        let provider = BenchmarkWorld.tokenProvider(authority: child.baseURL)
        let ewsURL = child.baseURL.appendingPathComponent("EWS/Exchange.asmx")
        let client = ExchangeWebServicesClient(configuration: EWSClientConfiguration(endpoint: ewsURL), tokenProvider: provider)
        let clock = ContinuousClock()
        _ = try await provider.accessToken()

        // Swift, pattern 1: SyncFolderItems IdOnly + GetItem batches (what the connector does).
        try await SimulatorRequestLog.clear(at: child.baseURL)
        ProcessMemory.resetPeak()
        var outcome = FolderRead.Outcome()
        let swiftGetItem = try await clock.measure {
            outcome = try await FolderRead.read(.calendar, kind: .calendarItem, mailbox: mailbox, client: client)
        }
        let swiftGetItemPeak = ProcessMemory.read()?.peakBytes
        let swiftA = Run(seconds: swiftGetItem.seconds, requests: try await SimulatorRequestLog.counts(at: child.baseURL).byOperation,
                         peakBytes: swiftGetItemPeak, items: outcome.items)

        // Swift, pattern 2: every property in SyncFolderItems itself (exchangelib's default).
        try await SimulatorRequestLog.clear(at: child.baseURL)
        ProcessMemory.resetPeak()
        var syncedItems = 0
        let swiftSync = try await clock.measure {
            var state: String?
            while true {
                let page = try await client.syncFolderItems(
                    in: .distinguished(.calendar), syncState: state, shape: .modelled(.calendarItem), mailbox: mailbox)
                syncedItems += page.changes.count
                state = page.syncState
                if page.includesLastItemInRange { break }
            }
        }
        let swiftB = Run(seconds: swiftSync.seconds, requests: try await SimulatorRequestLog.counts(at: child.baseURL).byOperation,
                         peakBytes: ProcessMemory.read()?.peakBytes, items: syncedItems)

        // exchangelib, both patterns, same simulator.
        let token = try await provider.accessToken().value
        var python: [String: Run] = [:]
        for mode in ["idonly-getitem", "sync-all-fields"] {
            try await SimulatorRequestLog.clear(at: child.baseURL)
            let result = try await runExchangelib(mode: mode, ewsURL: ewsURL, mailbox: mailbox, token: token)
            python[mode] = Run(
                seconds: result.seconds, requests: try await SimulatorRequestLog.counts(at: child.baseURL).byOperation,
                peakBytes: result.peak, items: result.items)
        }
        guard let pyA = python["idonly-getitem"], let pyB = python["sync-all-fields"] else { return }
        for run in [swiftA, swiftB, pyA, pyB] where run.items != appointments {
            throw BenchmarkError("a read returned \(run.items) items, expected \(appointments)")
        }

        var report = FigureReport(
            benchmark: "calendar-read",
            setup: "One mailbox with \(appointments) appointments, simulator in its own process with \(latency) ms added per EWS request. Swift: ExchangeWebServicesClient (\(BuildMode.name)). Python: exchangelib \(exchangelibVersion ?? "?") from .venv, token handed over, timed from its first request. Peak RSS is each process's own.")
        func describe(_ run: Run) -> String {
            let operations = run.requests.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
            return String(format: "%.2f s, %d requests (%@)", run.seconds, run.total, operations)
                + (run.peakBytes.map { ", peak RSS \($0.megabytes)" } ?? "")
        }
        report.add("Swift, IdOnly sync + GetItem", describe(swiftA), number: swiftA.seconds, unit: "s")
        report.add("exchangelib, IdOnly sync + GetItem", describe(pyA), number: pyA.seconds, unit: "s")
        report.add("ratio Swift/exchangelib (IdOnly + GetItem)", String(format: "%.2f", swiftA.seconds / pyA.seconds), number: swiftA.seconds / pyA.seconds)
        report.add("Swift, all fields in SyncFolderItems", describe(swiftB), number: swiftB.seconds, unit: "s")
        report.add("exchangelib, sync_items() all fields", describe(pyB), number: pyB.seconds, unit: "s")
        report.add("ratio Swift/exchangelib (all fields in sync)", String(format: "%.2f", swiftB.seconds / pyB.seconds), number: swiftB.seconds / pyB.seconds)
        try report.emit(jsonPath: options.jsonPath)
        await child.stop()
    }

    private var exchangelibVersion: String? { ExchangelibVersion.value }

    private func runExchangelib(mode: String, ewsURL: URL, mailbox: String, token: String) async throws -> (seconds: Double, peak: Int?, items: Int) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script, "--ews-url", ewsURL.absoluteString, "--mailbox", mailbox, "--token", token, "--mode", mode]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch {
            throw BenchmarkError("cannot run \(python) (create it: python3 -m venv .venv && .venv/bin/pip install exchangelib==5.6.0 msal==1.39.0): \(error)")
        }
        let (out, err) = await Task.detached {
            (output.fileHandleForReading.readDataToEndOfFile(), errors.fileHandleForReading.readDataToEndOfFile())
        }.value
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let line = String(decoding: out, as: UTF8.self).split(separator: "\n").last,
              let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let seconds = object["seconds"] as? Double, let items = object["items"] as? Int
        else {
            // The token is the script's argument, never its output; keep the error short.
            throw BenchmarkError("exchangelib (\(mode)) failed: \(String(decoding: err, as: UTF8.self).suffix(2000))")
        }
        ExchangelibVersion.value = object["exchangelib"] as? String
        return (seconds, object["peak_rss_bytes"] as? Int, items)
    }
}

/// The exchangelib version the script reported, for the setup line.
private enum ExchangelibVersion {
    nonisolated(unsafe) static var value: String?
}
