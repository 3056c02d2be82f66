import ExchangeSimulator
import SimulatorTestSupport
import Foundation
import SyncEngine
@testable import SyncService
import SyncStore
import Testing

@Suite("Scheduler")
struct SchedulerTests {
    /// The harness's environment in a service that schedules a round every `interval`.
    static func service(_ harness: CycleHarness, interval: Duration) -> SyncService {
        SyncService(
            store: harness.store,
            environments: [
                SyncEnvironment(
                    name: CycleHarness.environment, tenantID: SimulatorFixture.contosoTenant, policy: SyncPolicy(),
                    connector: harness.connector)
            ],
            settings: SyncService.Settings(interval: interval, worker: "scheduler-test"))
    }

    @Test("The running service picks up CRM changes by itself at its interval, and stops when cancelled")
    func schedules() async throws {
        try await CycleHarness.with { harness in
            let bob = CycleHarness.bob
            let service = Self.service(harness, interval: .milliseconds(50))
            let running = Task { try await service.run() }

            try await harness.upsert(.task, "t1", TaskFields(subject: "Relancer").fields)
            while try await harness.links(bob, .task).isEmpty { try await Task.sleep(for: .milliseconds(20)) }
            try await harness.upsert(.task, "t1", TaskFields(subject: "Relancer (urgent)").fields)
            while try await harness.items(.task, in: bob).first(where: { $0.tag == SyncTag(record: "t1") })?.fields[FieldName.subject]
                != .text("Relancer (urgent)")
            {
                try await Task.sleep(for: .milliseconds(20))
            }

            running.cancel()
            try? await running.value
            // Stopped: no lease left behind, and every run that started has ended.
            #expect(try await harness.store.currentLease(.mailbox(environment: CycleHarness.environment, address: bob)) == nil)
            let runs = try await harness.store.runs(environment: CycleHarness.environment, mailbox: bob, limit: 1000)
            #expect(runs.allSatisfy { $0.outcome != .running })
            #expect(runs.contains { $0.outcome == .succeeded && $0.counts.itemsUpdated == 1 })
            #expect(try await harness.items(.task, in: bob).filter { $0.tag != nil }.count == 1)
        }
    }

    /// Issue 18, item 5: a cycle asked for through the API ran in a task of its own, which the
    /// service's stop did not wait for: the process ended in the middle of it.
    @Test("Stopping the service waits for the cycles asked for on demand")
    func stopWaitsForOnDemandCycles() async throws {
        try await CycleHarness.with { harness in
            let bob = CycleHarness.bob
            let service = Self.service(harness, interval: .seconds(3600))
            let running = Task { try await service.run() }
            // The scheduled round first, then a slow Exchange and a cycle asked for on demand.
            while true {
                let runs = try await harness.store.runs(environment: CycleHarness.environment, mailbox: bob, limit: 10)
                if !runs.isEmpty, !runs.contains(where: { $0.outcome == .running }) { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            harness.exchange.faults.update(tenantId: SimulatorFixture.contosoTenant, to: FaultSettings(addedLatencyMilliseconds: 300))
            try await harness.upsert(.task, "t1", TaskFields(subject: "Relancer").fields)
            let environment = try #require(service.environment(named: CycleHarness.environment))
            // The scheduled cycle has recorded its run; let it leave the worker's running set
            // (asking again and again would queue follow-up after follow-up, for ever).
            try await Task.sleep(for: .milliseconds(500))
            #expect(service.startCycle(environment: environment, mailbox: bob), "a cycle of its own, not a follow-up")
            try await Task.sleep(for: .milliseconds(100))
            running.cancel()
            try? await running.value
            // Stopped: the on-demand cycle finished (and wrote the task) before `run()` returned.
            let runs = try await harness.store.runs(environment: CycleHarness.environment, mailbox: bob, limit: 10)
            #expect(runs.allSatisfy { $0.outcome != .running }, "\(runs.map(\.outcome))")
            #expect(try await harness.links(bob, .task).count == 1)
        }
    }
}
