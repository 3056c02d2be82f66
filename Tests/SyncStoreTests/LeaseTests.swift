import Foundation
import SyncEngine
import Testing
@testable import SyncStore

@Suite("Leases")
struct LeaseTests {
    let resource = LeaseResource.mailbox(environment: Fixture.environment, address: Fixture.alice)

    @Test("One holder at a time; expiry hands over with a bigger fencing token; the old holder is fenced off", arguments: StoreKind.underTest)
    func handover(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let clock = TestClock()
        let store = try await Fixture.seededStore(in: location, clock: clock)

        let first = try #require(try await store.acquireLease(resource, holder: "worker-1", duration: .seconds(30)))
        #expect(first.token == 1 && first.expiresAt == clock.now.addingTimeInterval(30))
        #expect(try await store.acquireLease(resource, holder: "worker-2", duration: .seconds(30)) == nil)
        #expect(try await store.currentLease(resource) == first)

        clock.advance(by: 20)
        let renewed = try await store.renewLease(first, duration: .seconds(30))
        #expect(renewed.token == 1 && renewed.expiresAt == clock.now.addingTimeInterval(30))
        let again = try #require(try await store.acquireLease(resource, holder: "worker-1", duration: .seconds(10)))
        #expect(again.token == 1)

        clock.advance(by: 11)
        #expect(try await store.currentLease(resource) == nil)
        let second = try #require(try await store.acquireLease(resource, holder: "worker-2", duration: .seconds(30)))
        #expect(second.token == 2)

        // Worker 1 wakes up: it cannot renew, and its cycle's results are refused.
        await #expect(throws: SyncStoreError.leaseLost(resource: resource, holder: "worker-1")) {
            try await store.renewLease(again, duration: .seconds(30))
        }
        await #expect(throws: SyncStoreError.leaseLost(resource: resource, holder: "worker-1")) {
            try await store.perform(environment: Fixture.environment, lease: again) { work in
                work.setSyncState(mailbox: Fixture.alice, folderID: "calendar", from: nil, to: "stale")
            }
        }
        #expect(try await store.syncState(environment: Fixture.environment, mailbox: Fixture.alice, folderID: "calendar") == nil)
        try await store.perform(environment: Fixture.environment, lease: second) { work in
            work.setSyncState(mailbox: Fixture.alice, folderID: "calendar", from: nil, to: "fresh")
        }
        #expect(try await store.syncState(environment: Fixture.environment, mailbox: Fixture.alice, folderID: "calendar") == "fresh")

        // Releasing a lost lease does not release the new holder's.
        try await store.releaseLease(again)
        #expect(try await store.currentLease(resource) == second)
        try await store.releaseLease(second)
        #expect(try await store.currentLease(resource) == nil)
        await #expect(throws: SyncStoreError.leaseLost(resource: resource, holder: "worker-2")) {
            try await store.perform(environment: Fixture.environment, lease: second) { _ in }
        }
        let third = try #require(try await store.acquireLease(resource, holder: "worker-1", duration: .seconds(30)))
        #expect(third.token == 3)
    }

    @Test("Leases on different resources are independent", arguments: StoreKind.underTest)
    func independentResources(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let store = try await Fixture.seededStore(in: location)
        let bobs = LeaseResource.mailbox(environment: Fixture.environment, address: Fixture.bob)
        #expect(try await store.acquireLease(resource, holder: "worker-1", duration: .seconds(30)) != nil)
        #expect(try await store.acquireLease(bobs, holder: "worker-2", duration: .seconds(30)) != nil)
        #expect(try await store.acquireLease(LeaseResource(rawValue: "retention:\(Fixture.environment)"), holder: "worker-2", duration: .seconds(30)) != nil)
        #expect(try await store.currentLease(bobs)?.holder == "worker-2")
    }

    @Test("The live leases under a prefix: an environment's mailboxes, not another's, not expired or released ones", arguments: StoreKind.underTest)
    func leasesByPrefix(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let clock = TestClock()
        let store = try await Fixture.seededStore(in: location, clock: clock)
        let bobs = LeaseResource.mailbox(environment: Fixture.environment, address: Fixture.bob)
        let other = LeaseResource.mailbox(environment: Fixture.environment + "_x", address: Fixture.bob)
        _ = try await store.acquireLease(resource, holder: "worker-1", duration: .seconds(10))
        let bobsLease = try #require(try await store.acquireLease(bobs, holder: "worker-2", duration: .seconds(60)))
        _ = try await store.acquireLease(other, holder: "worker-3", duration: .seconds(60))
        let prefix = LeaseResource.mailboxes(environment: Fixture.environment)
        #expect(try await store.currentLeases(prefix: prefix).map(\.holder) == ["worker-1", "worker-2"])
        clock.advance(by: 11)
        #expect(try await store.currentLeases(prefix: prefix).map(\.holder) == ["worker-2"])
        try await store.releaseLease(bobsLease)
        #expect(try await store.currentLeases(prefix: prefix).isEmpty)
        #expect(try await store.currentLeases(prefix: LeaseResource.mailboxes(environment: Fixture.environment + "_x")).map(\.holder) == ["worker-3"])
    }
}

@Suite("Leases: fencing and taking back")
struct LeaseFencingStoreTests {
    let resource = LeaseResource.mailbox(environment: Fixture.environment, address: Fixture.alice)

    @Test("confirmLease passes while the lease is held and throws once it expired or changed hands", arguments: StoreKind.underTest)
    func confirm(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let clock = TestClock()
        let store = try await Fixture.seededStore(in: location, clock: clock)
        let first = try #require(try await store.acquireLease(resource, holder: "worker-1", duration: .seconds(30)))
        try await store.confirmLease(first)
        clock.advance(by: 31)
        await #expect(throws: SyncStoreError.leaseLost(resource: resource, holder: "worker-1")) {
            try await store.confirmLease(first)
        }
        let second = try #require(try await store.acquireLease(resource, holder: "worker-2", duration: .seconds(30)))
        try await store.confirmLease(second)
        await #expect(throws: SyncStoreError.leaseLost(resource: resource, holder: "worker-1")) {
            try await store.confirmLease(first)
        }
    }

    @Test("breakLease frees the lease it names only, and the next holder's token grows", arguments: StoreKind.underTest)
    func breakOnlyTheNamedLease(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let store = try await Fixture.seededStore(in: location, clock: TestClock())
        let dead = try #require(try await store.acquireLease(resource, holder: "host:42:dead", duration: .seconds(600)))
        var stale = dead
        stale.token += 7
        #expect(try await store.breakLease(stale) == false)
        #expect(try await store.currentLease(resource) == dead)

        #expect(try await store.breakLease(dead) == true)
        #expect(try await store.currentLease(resource) == nil)
        let taken = try #require(try await store.acquireLease(resource, holder: "host:43:live", duration: .seconds(30)))
        #expect(taken.token == dead.token + 1)
        await #expect(throws: SyncStoreError.leaseLost(resource: resource, holder: "host:42:dead")) {
            try await store.confirmLease(dead)
        }
    }
}
