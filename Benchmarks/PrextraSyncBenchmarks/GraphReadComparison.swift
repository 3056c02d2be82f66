import ArgumentParser
import Foundation
import MicrosoftGraph
import MicrosoftIdentity

/// Issue 12's benchmark: the same delta read of a mailbox (10,000 appointments, a tenth of them
/// weekly series, through `calendarView/delta`; 5,000 contacts through `contacts/delta`) by this
/// project's Graph client and by Microsoft's msgraph-sdk for Python, against the same simulator
/// process, pages of 100 both.
struct GraphReadComparison: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph-read", abstract: "A calendar view and the contacts read through delta by the Swift Graph client and by msgraph-sdk; the ratio.")

    @OptionGroup var options: BenchmarkOptions
    @Option var appointments = 10_000
    @Option var contacts = 5_000
    @Option(help: "The Python with msgraph-sdk installed.") var python = ".venv/bin/python"
    @Option(help: "The msgraph-sdk read script.") var script = "Benchmarks/msgraph/read_delta.py"

    static let windowStart = "2025-12-01T00:00:00Z"
    static let windowEnd = "2028-06-01T00:00:00Z"

    struct Run {
        var seconds: Double
        var requests: [String: Int]
        var peakBytes: Int?
        var events: Int
        var contacts: Int
        var total: Int { requests.values.reduce(0, +) }
    }

    func run() async throws {
        let latency = options.latencyMilliseconds ?? 20
        let child = try await SimulatorChildProcess.launch(.init(appointments: appointments, contacts: contacts, latencyMilliseconds: latency))
        let mailbox = BenchmarkWorld.mailbox(0)
        let cloud = AzureCloud.custom(authority: child.baseURL)
        let provider = ClientCredentialsTokenProvider(registration: BenchmarkWorld.registration(authority: child.baseURL), resource: .graph(in: cloud))
        let client = GraphClient(
            configuration: GraphClientConfiguration(baseURL: child.baseURL.appendingPathComponent("v1.0"), maxPageSize: 100),
            httpClient: .shared, tokenProvider: provider)
        let token = try await provider.accessToken().value
        let clock = ContinuousClock()

        try await SimulatorRequestLog.clear(at: child.baseURL)
        ProcessMemory.resetPeak()
        var events = 0
        var contactCount = 0
        let swiftTime = try await clock.measure {
            let window = GraphTimeWindow(
                start: ISO8601DateFormatter().date(from: Self.windowStart)!, end: ISO8601DateFormatter().date(from: Self.windowEnd)!)
            var calendar = GraphDeltaRound(client.calendarViewDelta(mailbox: mailbox, window: window))
            while let page = try await calendar.nextPage(from: client) { events += page.count }
            var contactsRound = GraphDeltaRound(client.contactsDelta(mailbox: mailbox))
            while let page = try await contactsRound.nextPage(from: client) { contactCount += page.count }
        }
        let swift = Run(
            seconds: swiftTime.seconds, requests: try await SimulatorRequestLog.counts(at: child.baseURL).byOperation,
            peakBytes: ProcessMemory.read()?.peakBytes, events: events, contacts: contactCount)

        try await SimulatorRequestLog.clear(at: child.baseURL)
        let result = try await runMSGraph(baseURL: child.baseURL, mailbox: mailbox, token: token)
        let python = Run(
            seconds: result.seconds, requests: try await SimulatorRequestLog.counts(at: child.baseURL).byOperation,
            peakBytes: result.peak, events: result.events, contacts: result.contacts)
        guard python.events == swift.events, python.contacts == swift.contacts else {
            throw BenchmarkError("the reads differ: Swift \(swift.events) events and \(swift.contacts) contacts, msgraph-sdk \(python.events) and \(python.contacts)")
        }

        let floor = (swift.events + 99) / 100 + (swift.contacts + 99) / 100
        var report = FigureReport(
            benchmark: "graph-read",
            setup: "One mailbox with \(appointments) appointments (a tenth weekly series of 10) and \(contacts) contacts; calendarView/delta over \(Self.windowStart)–\(Self.windowEnd) (\(swift.events) events and occurrences) and contacts/delta, pages of 100; simulator in its own process with \(latency) ms added per request. Swift: MicrosoftGraph.GraphClient (\(BuildMode.name)). Python: msgraph-sdk \(MSGraphVersion.value ?? "?") from .venv, token handed over, timed from its first request. Peak RSS is each process's own.")
        func describe(_ run: Run) -> String {
            String(format: "%.2f s, %d requests", run.seconds, run.total) + (run.peakBytes.map { ", peak RSS \($0.megabytes)" } ?? "")
        }
        report.add("Swift GraphClient", describe(swift), number: swift.seconds, unit: "s")
        report.add("msgraph-sdk", describe(python), number: python.seconds, unit: "s")
        report.add("ratio Swift/msgraph-sdk", String(format: "%.2f", swift.seconds / python.seconds), number: swift.seconds / python.seconds)
        report.add("floor (⌈n / 100⌉ per folder)", count: floor)
        try report.emit(jsonPath: options.jsonPath)
        await child.stop()
    }

    private func runMSGraph(baseURL: URL, mailbox: String, token: String) async throws -> (seconds: Double, peak: Int?, events: Int, contacts: Int) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [
            script, "--base-url", baseURL.absoluteString, "--mailbox", mailbox, "--token", token, "--start", Self.windowStart, "--end", Self.windowEnd,
        ]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch {
            throw BenchmarkError("cannot run \(python) (bash scripts/test.sh creates it with scripts/python-requirements.txt): \(error)")
        }
        let (out, err) = await Task.detached {
            (output.fileHandleForReading.readDataToEndOfFile(), errors.fileHandleForReading.readDataToEndOfFile())
        }.value
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let line = String(decoding: out, as: UTF8.self).split(separator: "\n").last,
              let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let seconds = object["seconds"] as? Double, let events = object["events"] as? Int, let contacts = object["contacts"] as? Int
        else {
            throw BenchmarkError("msgraph-sdk failed: \(String(decoding: err, as: UTF8.self).suffix(2000))")
        }
        MSGraphVersion.value = object["msgraph"] as? String
        return (seconds, object["peak_rss_bytes"] as? Int, events, contacts)
    }
}

/// The msgraph-sdk version the script reported, for the setup line.
private enum MSGraphVersion {
    nonisolated(unsafe) static var value: String?
}
