import Foundation
import SyncEngine
@testable import SyncService
import SyncStore
import Testing

@Suite("Sync requests while a cycle runs")
struct FollowUpCycleTests {
    let bob = CycleHarness.bob

    @Test("Requests arriving while this worker runs a mailbox's cycle give it exactly one more cycle")
    func oneFollowUp() async throws {
        try await CycleHarness.with { harness in
            let gate = Gate()
            let environment = SyncServiceTests.contoso(harness, connector: StalledConnector(base: harness.connector, gate: gate))
            let service = SyncService(store: harness.store, environments: [environment])
            #expect(service.startCycle(environment: environment, mailbox: bob))
            while try await service.status(environment: "contoso", mailbox: bob)?.isSyncing != true {
                try await Task.sleep(for: .milliseconds(10))
            }
            // The ERP writes twice while the cycle runs: both requests fold into one follow-up.
            try await harness.upsert(.task, "t1", TaskFields(subject: "Relancer").fields)
            #expect(!service.startCycle(environment: environment, mailbox: bob))
            #expect(!service.startCycle(environment: environment, mailbox: bob))
            await gate.open()
            while try await service.status(environment: "contoso", mailbox: bob)?.isSyncing == true {
                try await Task.sleep(for: .milliseconds(10))
            }
            let runs = try await harness.store.runs(environment: CycleHarness.environment, mailbox: bob, limit: 10)
            #expect(runs.count == 2)
            #expect(runs.allSatisfy { $0.outcome == .succeeded })
            // The follow-up brought the task written during the first cycle.
            #expect(try await harness.links(bob).count == 1)
        }
    }
}
