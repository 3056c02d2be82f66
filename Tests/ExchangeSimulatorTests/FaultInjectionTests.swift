import AsyncHTTPClient
import ExchangeSimulator
import Foundation
import NIOCore
import Testing

/// Throttling and injected faults, per tenant, changed at run time.
@Suite("Throttling and fault injection")
struct FaultInjectionTests {
    static let getCalendar = AuthenticationPipelineTests.getInbox.replacingOccurrences(of: "inbox", with: "calendar")

    @Test func scriptedFaultsComeInOrderThenNormalService() async throws {
        try await SimulatorHarness.with { harness in
            harness.exchange.faults.update(
                tenantId: SimulatorHarness.contoso,
                to: FaultSettings(backOffMilliseconds: 297_749, scriptedFaults: [.serverBusy, .serviceUnavailable, .tooManyObjectsOpened]))
            let busy = try await harness.ews(Self.getCalendar)
            #expect(busy.status == 500)
            #expect(busy.faultCode == "ErrorServerBusy")
            let backOff = busy.document?.descendant("Body", "Fault", "detail", "MessageXml")?.children.first { $0[attribute: "Name"] == "BackOffMilliseconds" }
            #expect(backOff?.text == "297749")
            #expect(try await harness.ews(Self.getCalendar).status == 503)
            #expect(try await harness.ews(Self.getCalendar).faultCode == "ErrorTooManyObjectsOpened")
            #expect(try await harness.ews(Self.getCalendar).status == 200)
            // Another tenant is never affected.
            harness.exchange.faults.update(tenantId: SimulatorHarness.contoso, to: FaultSettings(scriptedFaults: [.serverBusy]))
            #expect(try await harness.ews(Self.getCalendar, mailbox: SimulatorHarness.carol, tenant: SimulatorHarness.fabrikam).status == 200)
        }
    }

    @Test func aDroppedConnectionGivesTheClientNoAnswer() async throws {
        try await SimulatorHarness.with { harness in
            harness.exchange.faults.update(tenantId: SimulatorHarness.contoso, to: FaultSettings(scriptedFaults: [.dropConnection]))
            var failed = false
            do { _ = try await harness.ews(Self.getCalendar) } catch { failed = true }
            #expect(failed)
            let after = try await harness.ews(Self.getCalendar)
            #expect(after.status == 200)
        }
    }

    @Test func concurrencyOverTheMailboxLimitIsThrottled() async throws {
        try await SimulatorHarness.with { harness in
            harness.exchange.faults.update(
                tenantId: SimulatorHarness.contoso,
                to: FaultSettings(maxConcurrentRequestsPerMailbox: 1, concurrencyErrorCode: "ErrorServerBusy", addedLatencyMilliseconds: 1500))
            let results = try await withThrowingTaskGroup(of: SimulatorHarness.EWSResponse.self) { group in
                for _ in 0..<3 { group.addTask { try await harness.ews(Self.getCalendar) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.filter { $0.status == 200 }.count >= 1)
            let throttled = results.filter { $0.faultCode == "ErrorServerBusy" }
            #expect(throttled.count >= 1)
            #expect(throttled.first?.body.contains("MaxConcurrencyLimit") == true)
            // Once the requests are done the budget is free again.
            harness.exchange.faults.update(tenantId: SimulatorHarness.contoso, to: FaultSettings(maxConcurrentRequestsPerMailbox: 1))
            #expect(try await harness.ews(Self.getCalendar).status == 200)
        }
    }

    @Test func seededRandomFaultsReplay() async throws {
        try await SimulatorHarness.with { harness in
            let settings = FaultSettings(serviceUnavailableRate: 0.5, randomSeed: 42)
            func run() async throws -> [Int] {
                harness.exchange.faults.update(tenantId: SimulatorHarness.contoso, to: settings)
                var statuses: [Int] = []
                for _ in 0..<12 { statuses.append(try await harness.ews(Self.getCalendar).status) }
                return statuses
            }
            let first = try await run()
            #expect(first.contains(503) && first.contains(200))
            #expect(try await run() == first)
        }
    }

    @Test func tokenEndpointOutageIsVisibleToTheIdentitySide() {
        let faults = SimulatorFaults(settings: ["t1": FaultSettings(tokenEndpointOutage: true)])
        #expect(faults.isTokenEndpointDown(tenantId: "T1"))
        faults.update(tenantId: "t1", to: FaultSettings())
        #expect(!faults.isTokenEndpointDown(tenantId: "t1"))
    }
}
