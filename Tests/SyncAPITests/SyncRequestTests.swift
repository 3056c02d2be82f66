import SimulatorTestSupport
import ExchangeSimulator
import Foundation
import SyncAPI
import SyncEngine
import SyncService
import SyncStore
import Testing

/// `POST …/mailboxes/{address}/sync` tells the truth about a mailbox another worker holds.
@Suite("Sync requests and leases")
struct SyncRequestTests {
    @Test("A sync request for a mailbox leased by another worker answers already-running with the holder and the expiry")
    func heldElsewhere() async throws {
        let simulator = try await SimulatorFixture.start()
        let directory = try APIHarness.makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let makeOperations: (SQLiteSyncStore) throws -> any SyncOperations = { store in
            ServiceOperations(service: try simulator.syncService(store: store))
        }
        let api = try await APIHarness.start(directory: directory, environments: ["contoso"], makeOperations: makeOperations)
        #expect(try await api.request(.PUT, ERPFlowTests.mailboxPath).status == 201)
        let resource = LeaseResource.mailbox(environment: "contoso", address: ERPFlowTests.alice)
        let other = try #require(
            try await api.store.acquireLease(resource, holder: "worker-b.example:1:5e1f00d2", duration: .seconds(30)))

        let answer = try await api.request(.POST, ERPFlowTests.mailboxPath + "/sync")
        #expect(answer.status == 202)
        #expect(answer.json["status"] as? String == "already-running")
        #expect(answer.json["holder"] as? String == "worker-b.example:1:5e1f00d2")
        let expiry = try #require(answer.json["leaseExpiresAt"] as? String)
        let reported = try #require(ISO8601DateFormatter().date(from: expiry))
        #expect(abs(reported.timeIntervalSince(other.expiresAt)) < 1, "ISO 8601 in whole seconds")

        // Once the lease is given back, a request starts a cycle.
        try await api.store.releaseLease(other)
        let accepted = try await api.request(.POST, ERPFlowTests.mailboxPath + "/sync")
        #expect(accepted.json["status"] as? String == "accepted")
        #expect(accepted.json["holder"] == nil)
        try await ERPFlowTests.eventually("alice's sync") {
            try await api.store.mailbox(environment: "contoso", address: ERPFlowTests.alice)?.lastSuccessAt != nil
        }
    }
}
