import ExchangeSimulator
import Foundation
import SimulatorTestSupport
import SyncEngine
@testable import SyncService
import SyncStore
import Testing

/// Issue 15: several workers on one store share its mailboxes, hand them back at graceful
/// shutdown, and take over a dead worker's at once. (The same with real `serve` processes on
/// PostgreSQL and `kill -9`: `FailoverTests`.)
@Suite("Several workers on one store")
struct SeveralWorkersTests {
    static let mailboxes = [CycleHarness.alice, CycleHarness.bob]

    /// Announcing every 100 ms for 10 s: a loaded test machine never lets a live worker lapse.
    static func service(_ harness: CycleHarness, worker: String, interval: Duration) -> SyncService {
        var settings = SyncService.Settings(interval: interval, worker: worker)
        settings.membershipInterval = .milliseconds(100)
        settings.membershipDuration = .seconds(10)
        settings.listensForChanges = false
        return SyncService(store: harness.store, environments: [SyncServiceTests.contoso(harness)], settings: settings)
    }

    static func runs(_ harness: CycleHarness, _ mailbox: MailboxAddress, after start: Date) async throws -> [RunRecord] {
        try await harness.store.runs(environment: CycleHarness.environment, mailbox: mailbox, limit: 10_000)
            .filter { $0.startedAt > start }
    }

    static func waitUntil(_ what: String, seconds: Double = 20, _ condition: () async throws -> Bool) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while try await !condition() {
            guard Date() < deadline else {
                Issue.record("timed out waiting until \(what)")
                return
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    @Test("Each mailbox is scheduled by one worker; the one left takes the other's share when it stops")
    func shareAndHandBack() async throws {
        try await CycleHarness.with { harness in
            // Worker names that split alice and bob between them.
            let (first, second) = try #require(Self.splittingNames())
            let a = Self.service(harness, worker: first, interval: .milliseconds(200))
            let b = Self.service(harness, worker: second, interval: .milliseconds(200))
            let runningA = Task { try await a.run() }
            let runningB = Task { try await b.run() }
            try await Self.waitUntil("both workers see each other") {
                a.assignment.withLock { $0?.workers.count } == 2 && b.assignment.withLock { $0?.workers.count } == 2
            }
            // A round already started before both were known may still end: skip past it.
            try await Task.sleep(for: .milliseconds(500))
            let shared = Date()
            try await Self.waitUntil("three cycles of each mailbox", seconds: 60) {
                for mailbox in Self.mailboxes where try await Self.runs(harness, mailbox, after: shared).count < 3 { return false }
                return true
            }
            let assignment = MailboxAssignment(workers: [first, second])
            for mailbox in Self.mailboxes {
                let runs = try await Self.runs(harness, mailbox, after: shared)
                let owner = assignment.owner(environment: CycleHarness.environment, mailbox: mailbox)
                #expect(runs.allSatisfy { $0.worker == owner }, "\(mailbox): cycles by \(Set(runs.compactMap(\.worker)))")
            }
            let holds = try await MailboxHold.read(environment: CycleHarness.environment, mailboxes: Self.mailboxes, store: harness.store)
            #expect(Set(holds.values.map(\.worker)) == [first, second])

            // Worker a stops; b takes alice and bob.
            runningA.cancel()
            try? await runningA.value
            #expect(try await harness.store.workers().map(\.worker) == [second], "a withdrew at its stop")
            let alone = Date()
            try await Self.waitUntil("b runs both mailboxes") {
                for mailbox in Self.mailboxes where try await Self.runs(harness, mailbox, after: alone).filter({ $0.worker == second }).isEmpty {
                    return false
                }
                return true
            }
            let after = try await MailboxHold.read(environment: CycleHarness.environment, mailboxes: Self.mailboxes, store: harness.store)
            #expect(Set(after.values.map(\.worker)) == [second])
            runningB.cancel()
            try? await runningB.value
        }
    }

    @Test("A worker that stops announcing itself loses its mailboxes: their interrupted cycle runs at once elsewhere, its lease broken")
    func deadWorkerTakenOver() async throws {
        try await CycleHarness.with { harness in
            let bob = CycleHarness.bob
            let survivor = "survivor:1:00000001"
            // A worker elsewhere that owns bob, announced for 1.5 s, in the middle of bob's cycle
            // (its lease would last ten minutes).
            let dead = try #require((1...200).map { "other-host:\($0):deadbeef" }.first {
                MailboxAssignment(workers: [$0, survivor]).owner(environment: CycleHarness.environment, mailbox: bob) == $0
            })
            _ = try await harness.store.announceWorker(dead, duration: .milliseconds(1_500))
            let resource = LeaseResource.mailbox(environment: CycleHarness.environment, address: bob)
            let interrupted = try #require(try await harness.store.acquireLease(resource, holder: dead, duration: .seconds(600)))
            try await harness.upsert(.contact, "c1", ContactFields(givenName: "Jean", surname: "Dupont").fields)

            // The survivor polls once an hour: only the takeover can run bob's cycle.
            let service = Self.service(harness, worker: survivor, interval: .seconds(3600))
            let started = Date()
            let running = Task { try await service.run() }
            try await Task.sleep(for: .milliseconds(500))
            #expect(try await Self.runs(harness, bob, after: started).isEmpty, "bob is the live worker's")
            let hold = try await MailboxHold.read(environment: CycleHarness.environment, mailboxes: [bob], store: harness.store)[bob]
            #expect(hold?.worker == dead)
            #expect(abs((hold?.expiresAt ?? .distantPast).timeIntervalSince(interrupted.expiresAt)) < 0.01, "the lease's expiry (to the store's millisecond)")

            try await Self.waitUntil("bob's cycle ran on the survivor") {
                try await Self.runs(harness, bob, after: started).contains { $0.worker == survivor && $0.outcome == .succeeded }
            }
            let tookOver = Date().timeIntervalSince(started)
            // Without the takeover, bob's cycle waits for the dead worker's 600 s lease or the hourly
            // poll; the bound leaves room for a loaded machine (seen: 10.4 s beside a build).
            #expect(tookOver < 60, "taken over \(tookOver) s after the start, the dead worker's membership lapsing at 1.5 s")
            #expect(try await harness.items(.contact, in: bob).contains { $0.tag == SyncTag(record: "c1") })
            let now = try await MailboxHold.read(environment: CycleHarness.environment, mailboxes: [bob], store: harness.store)[bob]
            #expect(now?.worker == survivor)
            // The dead worker's lease is fenced off: it can commit nothing.
            await #expect(throws: SyncStoreError.self) {
                try await harness.store.perform(environment: CycleHarness.environment, lease: interrupted) { _ in }
            }
            running.cancel()
            try? await running.value
        }
    }

    @Test("A cycle asked for on a worker while another runs the mailbox's cycle runs once that cycle ends, not never")
    func cycleAskedForElsewhereWaitsForTheRunningOne() async throws {
        try await CycleHarness.with { harness in
            let bob = CycleHarness.bob
            // Another live worker is in the middle of bob's cycle.
            let other = "other-host:7:0b0b0b0b"
            _ = try await harness.store.announceWorker(other, duration: .seconds(60))
            let resource = LeaseResource.mailbox(environment: CycleHarness.environment, address: bob)
            let running = try #require(try await harness.store.acquireLease(resource, holder: other, duration: .seconds(60)))
            // The ERP writes a record of bob's through this worker, which asks for bob's cycle.
            try await harness.upsert(.contact, "c1", ContactFields(givenName: "Jean", surname: "Dupont").fields)
            let service = Self.service(harness, worker: "this-host:1:0a0a0a0a", interval: .seconds(3600))
            let environment = try #require(service.environment(named: CycleHarness.environment))
            #expect(service.startCycle(environment: environment, mailbox: bob))
            try await Task.sleep(for: .seconds(1))
            #expect(try await harness.items(.contact, in: bob).isEmpty, "the other worker's cycle holds the mailbox")
            // The other worker's cycle ends (it read the CRM before the write): this one runs now.
            try await harness.store.releaseLease(running)
            try await Self.waitUntil("the record reached bob's Outlook", seconds: 20) {
                try await harness.items(.contact, in: bob).contains { $0.tag == SyncTag(record: "c1") }
            }
        }
    }

    /// Two worker names between which alice and bob go to different workers.
    static func splittingNames() -> (String, String)? {
        for n in 1...200 {
            let first = "worker-a:\(n):0a0a0a0a", second = "worker-b:\(n):0b0b0b0b"
            let assignment = MailboxAssignment(workers: [first, second])
            let owners = Set(mailboxes.compactMap { assignment.owner(environment: CycleHarness.environment, mailbox: $0) })
            if owners.count == 2 { return (first, second) }
        }
        return nil
    }
}
