import ExchangeSimulator
import Foundation
import Testing

/// Outlook's Graph limits, injected faults, and Exchange Online's EWS allow-list.
@Suite("Graph: limits, faults, EWS after October 2026")
struct GraphLimitsTests {
    static let alice = SimulatorHarness.alice

    @Test func moreThanFourConcurrentRequestsPerMailboxGet429WithRetryAfter() async throws {
        try await SimulatorHarness.with { harness in
            var settings = harness.exchange.faults.settings(tenantId: SimulatorHarness.contoso)
            settings.addedLatencyMilliseconds = 1500
            harness.exchange.faults.update(tenantId: SimulatorHarness.contoso, to: settings)
            let statuses = try await withThrowingTaskGroup(of: (Int, String?, String?).self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        let response = try await harness.graph(.GET, "/users/\(Self.alice)/contacts")
                        return (response.status, response.errorCode, response.headers.first(name: "Retry-After"))
                    }
                }
                var all: [(Int, String?, String?)] = []
                for try await result in group { all.append(result) }
                return all
            }
            let throttled = statuses.filter { $0.0 == 429 }
            #expect(statuses.filter { $0.0 == 200 }.count == 4, "\(statuses)")
            #expect(throttled.count == 2, "\(statuses)")
            #expect(throttled.allSatisfy { $0.1 == "ApplicationThrottled" && $0.2 == "1" })
            // Another mailbox is not affected by alice's limit.
            settings.addedLatencyMilliseconds = 0
            harness.exchange.faults.update(tenantId: SimulatorHarness.contoso, to: settings)
            let after = try await harness.graph(.GET, "/users/\(Self.alice)/contacts")
            #expect(after.status == 200, "slots are released")
        }
    }

    @Test func goingOverTheRequestRateGets429() async throws {
        var seed = SimulatorSeed.demo
        seed.tenants[0].faults.graphRequestsPerTenMinutes = 3
        try await SimulatorHarness.with(seed: seed) { harness in
            for _ in 0..<3 {
                #expect(try await harness.graph(.GET, "/users/\(Self.alice)/contacts").status == 200)
            }
            let over = try await harness.graph(.GET, "/users/\(Self.alice)/contacts")
            #expect(over.status == 429)
            #expect(over.errorCode == "ApplicationThrottled")
            #expect(over.headers.first(name: "Retry-After") != nil)
            let otherMailbox = try await harness.graph(.GET, "/users/\(SimulatorHarness.bob)/contacts")
            #expect(otherMailbox.status == 200, "the limit is per app and mailbox")
        }
    }

    @Test func injectedFaultsReachGraphAsOnEWS() async throws {
        try await SimulatorHarness.with { harness in
            var settings = harness.exchange.faults.settings(tenantId: SimulatorHarness.contoso)
            settings.scriptedFaults = [.serviceUnavailable, .dropConnection]
            harness.exchange.faults.update(tenantId: SimulatorHarness.contoso, to: settings)
            let unavailable = try await harness.graph(.GET, "/users/\(Self.alice)/contacts")
            #expect(unavailable.status == 503)
            #expect(unavailable.headers.first(name: "Retry-After") != nil)
            await #expect(throws: (any Error).self) { _ = try await harness.graph(.GET, "/users/\(Self.alice)/contacts") }
            let fine = try await harness.graph(.GET, "/users/\(Self.alice)/contacts")
            #expect(fine.status == 200)
            let log = harness.exchange.requestLog.filter { $0.operation.hasPrefix("Graph ") }
            #expect(log.map(\.httpStatus) == [503, 0, 200])
        }
    }

    @Test func aTenantWithAnEWSAllowListRefusesOtherAppsOnEWSButNotOnGraph() async throws {
        var seed = SimulatorSeed.demo
        seed.tenants[0].ewsAllowedAppIds = ["99999999-9999-4999-8999-999999999999"]
        try await SimulatorHarness.with(seed: seed) { harness in
            let blocked = try await harness.ews(ItemOperationTests.getItem("x"))
            #expect(blocked.status == 403)
            #expect(blocked.body.isEmpty)
            let graph = try await harness.graph(.GET, "/users/\(Self.alice)/events")
            #expect(graph.status == 200)
            // The allow-listed app still gets through.
            let allowed = try await harness.post(
                SimulatorHarness.envelope(ItemOperationTests.getItem("x")),
                token: try harness.authority.token(tenantId: SimulatorHarness.contoso, appId: "99999999-9999-4999-8999-999999999999"))
            #expect(allowed.status != 403)
        }
        try await SimulatorHarness.with { harness in
            let open = try await harness.ews(ItemOperationTests.getItem("x"))
            #expect(open.status == 200, "no allow-list: EWS serves every app")
        }
    }
}
