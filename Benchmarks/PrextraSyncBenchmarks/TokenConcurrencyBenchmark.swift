import ArgumentParser
import ExchangeSimulator
import ExchangeWebServices
import Foundation
import MicrosoftIdentity

/// Issue 8, item 4: 1,000 mailboxes of one tenant start their sync at once (each a first
/// SyncFolderItems of its calendar) through one shared token provider; the token endpoint
/// should be called once. Baseline in the same run: one provider per mailbox (no shared cache).
struct TokenConcurrencyBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token-concurrency", abstract: "Token endpoint calls during 1,000 concurrent token requests and mailbox syncs of one tenant.")

    @OptionGroup var options: BenchmarkOptions
    @Option var mailboxes = 1_000

    func run() async throws {
        let latency = options.latencyMilliseconds ?? 20
        // In this process, so that the token endpoint's own counter can be read.
        let simulator = try ExchangeOnlineSimulator(
            configuration: SimulatorConfiguration(seed: BenchmarkWorld.seed(.init(mailboxes: mailboxes, latencyMilliseconds: latency)), port: 0))
        let endpoints = try await simulator.start()
        let tenant = BenchmarkWorld.tenantId
        let clock = ContinuousClock()

        func syncAll(providers: @escaping @Sendable (Int) -> any AccessTokenProvider) async -> (Duration, failures: Int) {
            var failures = 0
            let elapsed = await clock.measure {
                failures = await withTaskGroup(of: Bool.self) { group in
                    for index in 0..<mailboxes {
                        group.addTask {
                            let client = ExchangeWebServicesClient(
                                configuration: EWSClientConfiguration(endpoint: endpoints.ews), tokenProvider: providers(index))
                            do {
                                _ = try await client.syncFolderItems(
                                    in: .distinguished(.calendar), syncState: nil, mailbox: BenchmarkWorld.mailbox(index))
                                return true
                            } catch {
                                return false
                            }
                        }
                    }
                    var failed = 0
                    for await succeeded in group where !succeeded { failed += 1 }
                    return failed
                }
            }
            return (elapsed, failures)
        }

        // 1. Token requests alone: a fresh provider cache, every mailbox asking for its provider
        //    and a token at once (no EWS).
        let cache = AccessTokenProviders(endpoint: TokenEndpointClient(httpClient: .shared))
        let registration = BenchmarkWorld.registration(authority: endpoints.authority)
        let resource = TokenResource.exchangeOnline(in: .custom(authority: endpoints.authority))
        let pureBefore = simulator.entraID.tokenRequestCount(tenantId: tenant)
        var pureFailures = 0
        let pureTime = await clock.measure {
            pureFailures = await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<mailboxes {
                    group.addTask { (try? await cache.provider(for: registration, resource: resource).accessToken()) != nil }
                }
                var failed = 0
                for await succeeded in group where !succeeded { failed += 1 }
                return failed
            }
        }
        let pureTokenCalls = simulator.entraID.tokenRequestCount(tenantId: tenant) - pureBefore

        // 2. Shared provider: what the service does (one per environment and resource).
        let shared = BenchmarkWorld.tokenProvider(authority: endpoints.authority)
        let tokenCallsBefore = simulator.entraID.tokenRequestCount(tenantId: tenant)
        simulator.exchange.clearRequestLog()
        let (sharedTime, sharedFailures) = await syncAll { _ in shared }
        let sharedTokenCalls = simulator.entraID.tokenRequestCount(tenantId: tenant) - tokenCallsBefore
        let sharedEWS = simulator.exchange.requestLog.count

        // 3. Baseline: a provider per mailbox.
        let baselineBefore = simulator.entraID.tokenRequestCount(tenantId: tenant)
        let providers = (0..<mailboxes).map { _ in BenchmarkWorld.tokenProvider(authority: endpoints.authority) }
        let (baselineTime, baselineFailures) = await syncAll { providers[$0] }
        let baselineTokenCalls = simulator.entraID.tokenRequestCount(tenantId: tenant) - baselineBefore
        await simulator.stop()

        var report = FigureReport(
            benchmark: "token-concurrency",
            setup: "\(mailboxes) concurrent token requests through a fresh AccessTokenProviders cache; then \(mailboxes) mailboxes of one tenant, each a first SyncFolderItems of its calendar, all started at once, through one shared provider, then (baseline) through a provider each; simulator in process with \(latency) ms added per EWS request; HTTPClient.shared (its default pool of 8 connections per host).")
        report.add("token endpoint calls, \(mailboxes) concurrent accessToken()", count: pureTokenCalls)
        report.add("failed token requests", count: pureFailures)
        report.add("wall time, concurrent accessToken()", duration: pureTime)
        report.add("token endpoint calls, shared provider", count: sharedTokenCalls)
        report.add("EWS requests", count: sharedEWS)
        report.add("failed mailbox syncs", count: sharedFailures)
        report.add("wall time, shared provider", duration: sharedTime)
        report.add("token endpoint calls, provider per mailbox (baseline)", count: baselineTokenCalls)
        report.add("failed mailbox syncs, baseline", count: baselineFailures)
        report.add("wall time, baseline", duration: baselineTime)
        try report.emit(jsonPath: options.jsonPath)
    }
}
