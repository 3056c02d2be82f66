import ExchangeSimulator
import Foundation
import SimulatorTestSupport
import SyncAPI
import SyncEngine
import SyncService
import SyncStore
import Testing

/// Issue 16, CRM → Outlook: an ERP write reaches Outlook in seconds, not at the next interval
/// (an hour here), and a burst of writes makes a bounded number of cycles.
@Suite("ERP writes schedule their owners' cycles")
struct ERPWriteTriggerTests {
    @Test("twenty tasks put in a burst reach Outlook without a sync request, in at most three cycles; a delete follows")
    func burstReachesOutlookInFewCycles() async throws {
        let simulator = try await SimulatorFixture.start()
        let directory = try APIHarness.makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let makeOperations: (SQLiteSyncStore) throws -> any SyncOperations = { store in
            ServiceOperations(service: try simulator.syncService(store: store), forwardsRecordWrites: true)
        }
        let api = try await APIHarness.start(directory: directory, environments: ["contoso"], makeOperations: makeOperations)
        let alice = SimulatorFixture.alice
        #expect(try await api.request(.PUT, ERPFlowTests.mailboxPath).status == 201)

        for index in 0..<20 {
            let put = try await api.request(
                .PUT, "/v1/environments/contoso/tasks/T-\(index)",
                body: #"{"fields":{"subject":"Burst task \#(index)"},"owners":["alice@contoso.example"]}"#)
            #expect(put.status == 201)
        }
        try await ERPFlowTests.eventually("the burst in alice's Tasks") {
            try simulator.exchange.items(in: alice.rawValue, folder: "tasks").filter { $0.subject?.hasPrefix("Burst task") == true }.count == 20
        }
        let runs = try await api.store.runs(environment: "contoso", mailbox: alice, limit: 100)
        #expect((1...3).contains(runs.count), "a burst is debounced into few cycles: \(runs.count)")

        let deleted = try await api.request(.DELETE, "/v1/environments/contoso/tasks/T-7")
        #expect(deleted.status == 204)
        try await ERPFlowTests.eventually("the deleted task gone from Outlook") {
            try !simulator.exchange.items(in: alice.rawValue, folder: "tasks").contains { $0.subject == "Burst task 7" }
        }
        await api.stop()
        await simulator.stop()
    }
}
