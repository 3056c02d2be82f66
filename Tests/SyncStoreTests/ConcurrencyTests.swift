import Foundation
import SyncEngine
import Testing
@testable import SyncStore

/// Two stores on one file stand for two processes (or two workers) sharing the database.
@Suite("Two writers on one file")
struct ConcurrencyTests {
    @Test("Interleaved writes from two stores all land, with gapless feed positions in commit order")
    func interleavedWrites() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("store.sqlite")
        let clock = TestClock()
        let first = try await Fixture.seededStore(at: path, clock: clock)
        let second = try SQLiteSyncStore(path: path, clock: clock.reading)
        let perWriter = 150

        try await withThrowingTaskGroup(of: Void.self) { group in
            for (name, store) in [("a", first), ("b", second)] {
                group.addTask {
                    for index in 0..<perWriter {
                        let key = Fixture.contact("\(name)-\(index)")
                        if index.isMultiple(of: 3) {
                            // A cycle's commit: an Outlook change plus a link and a decision.
                            try await store.perform(environment: Fixture.environment) { work in
                                work.applyOutlookChange(
                                    OutlookRecordWrite(
                                        record: key, mailbox: Fixture.alice, itemID: "item-\(name)-\(index)",
                                        change: .create(fields: ["n": .integer(index)], owners: []), expectedVersion: nil))
                                work.createLink(Fixture.link(key, item: "item-\(name)-\(index)"))
                                work.logDecision(Decision(mailbox: Fixture.alice, record: key, itemID: nil, action: .link, target: .crm, reason: "opted in"))
                            }
                        } else {
                            try await store.upsertRecord(
                                environment: Fixture.environment, record: key, fields: ["n": .integer(index)],
                                owners: [Fixture.bob], ifMatch: nil)
                        }
                    }
                }
            }
            try await group.waitForAll()
        }

        let feed = try await first.crmChanges(environment: Fixture.environment, after: .start, limit: 10_000)
        #expect(feed.changes.map(\.position.rawValue) == Array(1...Int64(2 * perWriter)))
        #expect(Set(feed.changes.map(\.record)).count == 2 * perWriter)
        let outlook = try await second.outlookChanges(environment: Fixture.environment, after: .start, limit: 10_000)
        #expect(outlook.changes.map(\.position.rawValue) == Array(1...Int64(outlook.changes.count)))
        #expect(outlook.changes.count == 2 * ((perWriter + 2) / 3))
        #expect(try await second.links(environment: Fixture.environment, mailbox: Fixture.alice, entity: nil).count == outlook.changes.count)
        #expect(try await first.records(environment: Fixture.environment, ownedBy: Fixture.bob, entity: nil).count == 2 * perWriter - outlook.changes.count)
    }

    @Test("Read-modify-write with If-Match from two stores loses no update")
    func noLostUpdate() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("store.sqlite")
        let clock = TestClock()
        let first = try await Fixture.seededStore(at: path, clock: clock)
        let second = try SQLiteSyncStore(path: path, clock: clock.reading)
        let key = Fixture.contact("counter")
        try await first.upsertRecord(environment: Fixture.environment, record: key, fields: ["n": .integer(0)], owners: [], ifMatch: nil)
        let incrementsPerWriter = 40

        let conflicts = try await withThrowingTaskGroup(of: Int.self) { group in
            for store in [first, second] {
                group.addTask {
                    var preconditionFailures = 0
                    var done = 0
                    while done < incrementsPerWriter {
                        let record = try #require(try await store.record(environment: Fixture.environment, key: key))
                        guard case .integer(let value) = record.fields["n"] else { throw InjectedFault() }
                        do {
                            try await store.upsertRecord(
                                environment: Fixture.environment, record: key, fields: ["n": .integer(value + 1)], owners: [],
                                ifMatch: record.version)
                            done += 1
                        } catch SyncStoreError.preconditionFailed {
                            preconditionFailures += 1
                        }
                    }
                    return preconditionFailures
                }
            }
            return try await group.reduce(0, +)
        }

        let record = try #require(try await second.record(environment: Fixture.environment, key: key))
        #expect(record.fields["n"] == .integer(2 * incrementsPerWriter))
        #expect(record.version == RecordVersion(Int64(2 * incrementsPerWriter + 1)))
        let feed = try await first.crmChanges(environment: Fixture.environment, after: .start, limit: 10_000)
        #expect(feed.changes.map(\.version.rawValue) == Array(1...Int64(2 * incrementsPerWriter + 1)))
        // Not asserted, since scheduling decides it: how often a writer had to retry.
        _ = conflicts
    }

    @Test("Two workers racing for a mailbox's lease: exactly one wins each round")
    func leaseRace() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("store.sqlite")
        let clock = TestClock()
        let first = try await Fixture.seededStore(at: path, clock: clock)
        let second = try SQLiteSyncStore(path: path, clock: clock.reading)
        for round in 0..<20 {
            let resource = LeaseResource(rawValue: "round-\(round)")
            let winners = try await withThrowingTaskGroup(of: Lease?.self) { group in
                group.addTask { try await first.acquireLease(resource, holder: "worker-1", duration: .seconds(60)) }
                group.addTask { try await second.acquireLease(resource, holder: "worker-2", duration: .seconds(60)) }
                return try await group.reduce(into: [Lease]()) { if let lease = $1 { $0.append(lease) } }
            }
            #expect(winners.count == 1, "round \(round)")
            #expect(try await first.currentLease(resource)?.holder == winners.first?.holder)
        }
    }

    @Test("Two cycles that start from the same sync state: one commits, the other is refused")
    func competingCycles() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("store.sqlite")
        let clock = TestClock()
        let first = try await Fixture.seededStore(at: path, clock: clock)
        let second = try SQLiteSyncStore(path: path, clock: clock.reading)
        try await first.perform(environment: Fixture.environment) { work in
            work.setSyncState(mailbox: Fixture.alice, folderID: "calendar", from: nil, to: "S0")
        }
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for (store, next) in [(first, "S1-first"), (second, "S1-second")] {
                group.addTask {
                    do {
                        try await store.perform(environment: Fixture.environment) { work in
                            work.createLink(Fixture.link(Fixture.contact("c1"), item: "item-\(next)"))
                            work.setSyncState(mailbox: Fixture.alice, folderID: "calendar", from: "S0", to: next)
                        }
                        return true
                    } catch {
                        return false
                    }
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 }.count == 1)
        let state = try #require(try await first.syncState(environment: Fixture.environment, mailbox: Fixture.alice, folderID: "calendar"))
        let link = try #require(try await second.link(environment: Fixture.environment, mailbox: Fixture.alice, record: Fixture.contact("c1")))
        #expect(link.itemID == "item-\(state)")
    }
}
