import ChildProcessSupport
import Foundation
import SyncEngine
@testable import SyncService
import SyncStore
import Testing

/// Leases are short, fenced before every Outlook write, unique per worker process, and a dead
/// process's leases on this host are taken back at once (issue 11, defect 7).
@Suite("Lease fencing")
struct LeaseFencingTests {
    let bob = CycleHarness.bob
    var resource: LeaseResource { .mailbox(environment: CycleHarness.environment, address: bob) }

    @Test("A worker whose lease passed to another stops before its next Outlook write")
    func lostLeaseStopsWrites() async throws {
        try await CycleHarness.with { harness in
            try await harness.upsert(.contact, "c1", ContactFields(givenName: "Jean", surname: "Dupont").fields)
            let gate = Gate()
            let service = SyncService(
                store: harness.store,
                environments: [SyncServiceTests.contoso(harness, connector: StalledConnector(base: harness.connector, gate: gate))])
            let requests = try await harness.requests {
                let running = Task { try await service.syncNow(environment: "contoso", mailbox: bob) }
                var held: Lease?
                while held == nil { held = try await harness.store.currentLease(resource) }
                // The worker stalls while reading; its mailbox passes to another worker.
                try await harness.store.releaseLease(try #require(held))
                _ = try #require(try await harness.store.acquireLease(resource, holder: "other-host:1:0000", duration: .seconds(600)))
                await gate.open()
                let summary = try await running.value
                #expect(summary.outcome == .abandoned, "\(summary.error ?? "")")
            }
            #expect(requests.writes.isEmpty, "\(requests.map(\.operation))")
            #expect(try await harness.items(.contact, in: bob).isEmpty)
        }
    }

    @Test("A restarted worker takes back the lease of its host's process killed with kill -9, at once")
    func deadProcessLeaseTakenBack() async throws {
        try await CycleHarness.with { harness in
            try await harness.upsert(.contact, "c1", ContactFields(givenName: "Jean", surname: "Dupont").fields)
            let dead = try await Self.killedProcess()
            let host = ProcessInfo.processInfo.hostName
            let deadHolder = "\(host):\(dead):0123abcd"
            _ = try #require(try await harness.store.acquireLease(resource, holder: deadHolder, duration: .seconds(600)))

            let service = SyncService(store: harness.store, environments: [SyncServiceTests.contoso(harness)])
            let summary = try await service.syncNow(environment: "contoso", mailbox: bob)
            #expect(summary.outcome == .succeeded, "\(summary.error ?? "")")
            #expect(try await harness.links(bob).count == 1)

            // A live process's lease (this one, under another instance id) is never taken.
            let live = "\(host):\(ProcessInfo.processInfo.processIdentifier):fedc9876"
            _ = try #require(try await harness.store.acquireLease(resource, holder: live, duration: .seconds(600)))
            #expect(try await service.syncNow(environment: "contoso", mailbox: bob).outcome == .busy)
        }
    }

    @Test("Worker ids are unique per service, name this host and process, and leases are short")
    func workerIdentity() {
        let first = SyncService.Settings()
        let second = SyncService.Settings()
        #expect(first.worker != second.worker)
        let identity = try? #require(WorkerIdentity(first.worker))
        #expect(identity?.host == ProcessInfo.processInfo.hostName)
        #expect(identity?.processID == ProcessInfo.processInfo.processIdentifier)
        #expect(first.leaseDuration <= .seconds(30))
    }

    /// The pid of a process that was running and was killed with SIGKILL (it no longer exists).
    static func killedProcess() async throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sleep")
        process.arguments = ["60"]
        try process.run()
        let pid = process.processIdentifier
        kill(pid, SIGKILL)
        await ChildProcess.exit(of: process)
        return pid
    }
}
