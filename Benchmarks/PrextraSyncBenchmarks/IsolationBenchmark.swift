import ArgumentParser
import ExchangeSimulator
import Foundation
import Logging
import MicrosoftIdentity
import ServiceConfiguration
import SyncEngine
import SyncService
import SyncStore

/// Issue 18, item 8: one environment with a wrong secret and one throttled hard must not change
/// the other environments' cycle time by more than 10 %. The healthy environment's cycles are
/// timed alone, then while the two bad neighbours cycle without pause in the same service.
struct IsolationBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "isolation", abstract: "A healthy environment's cycle time alone and next to a wrong secret and a throttled tenant.")

    @OptionGroup var options: BenchmarkOptions
    @Option(help: "Mailboxes per environment.") var mailboxes = 50
    @Option(help: "Timed cycles of the healthy environment, in each phase.") var cycles = 10
    @Option(help: "Pause between two cycles of a bad neighbour, in milliseconds (the service's default interval is 60,000).")
    var neighbourPauseMs = 1_000

    static let throttledTenant = "b0000000-0000-4000-8000-0000000000f1"
    static let wrongSecretTenant = "b0000000-0000-4000-8000-0000000000f2"

    func run() async throws {
        let latency = options.latencyMilliseconds ?? 20
        var seed = BenchmarkWorld.seed(.init(mailboxes: mailboxes, appointments: 10, contacts: 10, tasks: 5, latencyMilliseconds: latency))
        let healthy = seed.tenants[0]
        // A second customer, throttled hard: one request at a time for the app, 503s, and long back-offs.
        var throttled = healthy
        throttled.id = Self.throttledTenant
        throttled.domains = ["throttled.example"]
        throttled.mailboxes = healthy.mailboxes.map { mailbox in
            var copy = mailbox
            copy.primarySmtpAddress = copy.primarySmtpAddress.replacingOccurrences(of: BenchmarkWorld.domain, with: "throttled.example")
            return copy
        }
        throttled.faults = FaultSettings(
            maxConcurrentRequestsPerApp: 1, backOffMilliseconds: 5_000, addedLatencyMilliseconds: latency, serviceUnavailableRate: 0.3)
        // A third whose configured secret is wrong: Entra ID refuses every token request.
        var wrong = healthy
        wrong.id = Self.wrongSecretTenant
        wrong.domains = ["wrong.example"]
        wrong.mailboxes = []
        seed.tenants += [throttled, wrong]

        var quiet = Logger(label: "prextra-sync-benchmarks")
        quiet.logLevel = .critical
        let identity = try EntraIDSimulator(seed: seed)
        let server = try SimulatorServer(configuration: SimulatorConfiguration(seed: seed), entraID: identity, logger: quiet)
        let baseURL = try await server.start()
        defer { Task { await server.stop() } }

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prextra-isolation-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteSyncStore(path: directory.appendingPathComponent("store.sqlite").path)
        let providers = AccessTokenProviders(endpoint: TokenEndpointClient(httpClient: .shared))

        func environment(_ name: String, tenant: String, secret: String, domain: String) throws -> SyncEnvironment {
            let configuration = EnvironmentConfiguration(
                name: name, tenantID: tenant, applicationID: BenchmarkWorld.clientId, credential: .secret(Secret(secret), source: .inline),
                api: .ews, ewsURL: baseURL.appendingPathComponent("EWS/Exchange.asmx"), authority: baseURL, graphURL: baseURL,
                mailboxes: (0..<mailboxes).map { "user\($0)@\(domain)" })
            let connector = try EWSMailboxConnector(environment: configuration, httpClient: .shared, tokenProviders: providers, logger: quiet)
            return SyncEnvironment(configuration: configuration, connector: connector)
        }
        let environments = [
            try environment("healthy", tenant: BenchmarkWorld.tenantId, secret: BenchmarkWorld.secret, domain: BenchmarkWorld.domain),
            try environment("throttled", tenant: Self.throttledTenant, secret: BenchmarkWorld.secret, domain: "throttled.example"),
            try environment("wrong-secret", tenant: Self.wrongSecretTenant, secret: "not-the-secret~\(UUID())", domain: "wrong.example"),
        ]
        let service = SyncService(store: store, environments: environments, settings: .init(), logger: quiet)
        await service.prepare()

        // First sync and one settling cycle of the healthy environment, untimed.
        _ = try await service.runOnce(environment: "healthy")
        _ = try await service.runOnce(environment: "healthy")

        func timedCycles() async throws -> [Duration] {
            var times: [Duration] = []
            for _ in 0..<cycles {
                let clock = ContinuousClock()
                let summaries = try await clock.measureResult { try await service.runOnce(environment: "healthy") }
                if summaries.result.contains(where: { $0.outcome != .succeeded }) {
                    FileHandle.standardError.write(Data("a healthy cycle failed: \(summaries.result.compactMap(\.error).first ?? "")\n".utf8))
                }
                times.append(summaries.duration)
            }
            return times
        }
        let alone = try await timedCycles()

        // The neighbours cycle again and again (`neighbourPauseMs` apart, where the service would
        // wait its interval) while the healthy environment is timed again.
        let neighbourPauseMs = self.neighbourPauseMs
        let neighbours = ["throttled", "wrong-secret"].map { name in
            Task {
                while !Task.isCancelled {
                    _ = try? await service.runOnce(environment: name)
                    try? await Task.sleep(for: .milliseconds(neighbourPauseMs))
                }
            }
        }
        try await Task.sleep(for: .seconds(1))
        let withNeighbours = try await timedCycles()
        for task in neighbours { task.cancel() }
        for task in neighbours { _ = await task.value }
        let throttledRuns = try await store.runs(environment: "throttled", mailbox: nil, limit: 100_000)
        let wrongRuns = try await store.runs(environment: "wrong-secret", mailbox: nil, limit: 100_000)

        func mean(_ times: [Duration]) -> Double { times.map { $0 / .seconds(1) }.reduce(0, +) / Double(max(times.count, 1)) }
        var report = FigureReport(
            benchmark: "isolation",
            setup: "One SyncService, three EWS environments of \(mailboxes) mailboxes (10 appointments, 10 contacts, 5 tasks each) on an in-process simulator with \(latency) ms per request: healthy; throttled (one request at a time for the app, 30% HTTP 503, 5 s back-offs); wrong secret (every token refused). The healthy environment's idle cycle timed \(cycles) times alone, then \(cycles) times while the other two cycle every \(neighbourPauseMs) ms.")
        report.add("healthy cycle, alone (mean)", String(format: "%.3f s", mean(alone)), number: mean(alone), unit: "s")
        report.add("healthy cycle, next to the bad neighbours (mean)", String(format: "%.3f s", mean(withNeighbours)), number: mean(withNeighbours), unit: "s")
        let ratio = mean(withNeighbours) / mean(alone)
        report.add("ratio (goal ≤ 1.10)", String(format: "%.3f", ratio), number: ratio, unit: "ratio")
        report.add("throttled environment: runs, failed", "\(throttledRuns.count), \(throttledRuns.filter { $0.outcome != .succeeded }.count)")
        report.add("wrong-secret environment: runs, failed", "\(wrongRuns.count), \(wrongRuns.filter { $0.outcome != .succeeded }.count)")
        try report.emit(jsonPath: options.jsonPath)
        try store.close()
    }
}

extension ContinuousClock {
    /// The result of `body` and how long it took.
    func measureResult<T>(_ body: () async throws -> T) async rethrows -> (result: T, duration: Duration) {
        let start = now
        let result = try await body()
        return (result, now - start)
    }
}
