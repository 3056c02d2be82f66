import Foundation
import SyncEngine
import Testing
@testable import SyncStore

/// Stores opened on one location (an SQLite file, a PostgreSQL database) stand for processes, or
/// workers, sharing the database.
@Suite("Writers sharing one store")
struct ConcurrencyTests {
    /// One writer's commits, each the feed positions it was given, in the order it committed.
    struct WriterPositions: Sendable {
        var crm: [Int64] = []
        var outlook: [Int64] = []
    }

    @Test(
        "Several writers at once: feed positions are gapless and follow commit order, and a reader polling meanwhile sees every entry once",
        arguments: StoreKind.underTest)
    func severalWritersAndAPollingReader(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let clock = TestClock()
        var stores = [try await Fixture.seededStore(in: location, clock: clock)]
        for _ in 1..<4 { stores.append(try await location.open(clock: clock)) }
        let perWriter = 60
        let crmTotal = stores.count * perWriter
        let outlookTotal = stores.count * (perWriter / 2)

        // The reader resumes `after` the last position it saw, as the ERP and the cycles do.
        let reader = Task { [reading = stores[0]] () async throws -> WriterPositions in
            var seen = WriterPositions()
            var crmCursor = FeedPosition.start, outlookCursor = FeedPosition.start
            let deadline = ContinuousClock.now.advanced(by: .seconds(120))
            while seen.crm.count < crmTotal || seen.outlook.count < outlookTotal {
                guard ContinuousClock.now < deadline else { break }
                let crm = try await reading.crmChanges(environment: Fixture.environment, after: crmCursor, limit: 25)
                seen.crm += crm.changes.map(\.position.rawValue)
                crmCursor = crm.next
                let outlook = try await reading.outlookChanges(environment: Fixture.environment, after: outlookCursor, limit: 25)
                seen.outlook += outlook.changes.map(\.position.rawValue)
                outlookCursor = outlook.next
                if crm.changes.isEmpty && outlook.changes.isEmpty { try await Task.sleep(for: .milliseconds(1)) }
            }
            return seen
        }

        let writers = try await withThrowingTaskGroup(of: WriterPositions.self) { group in
            for (writer, store) in stores.enumerated() {
                group.addTask {
                    var given = WriterPositions()
                    for index in 0..<perWriter {
                        let key = Fixture.contact("w\(writer)-\(index)")
                        if index.isMultiple(of: 2) {
                            // A cycle's commit: an Outlook change (an entry in both feeds) and its link.
                            let receipt = try await store.perform(environment: Fixture.environment) { work in
                                work.applyOutlookChange(
                                    OutlookRecordWrite(
                                        record: key, mailbox: Fixture.alice, itemID: "item-\(writer)-\(index)",
                                        change: .create(fields: ["n": .integer(index)], owners: []), expectedVersion: nil))
                                work.createLink(Fixture.link(key, item: "item-\(writer)-\(index)"))
                            }
                            given.crm += receipt.crmChanges.map(\.rawValue)
                            given.outlook += receipt.outlookChanges.map(\.rawValue)
                        } else {
                            // The ERP's write: an entry in the CRM feed.
                            let result = try await store.upsertRecord(
                                environment: Fixture.environment, record: key, fields: ["n": .integer(index)], owners: [Fixture.bob],
                                ifMatch: nil)
                            given.crm += [try #require(result.feedPosition).rawValue]
                        }
                    }
                    return given
                }
            }
            return try await group.reduce(into: [WriterPositions]()) { $0.append($1) }
        }
        let seen = try await reader.value

        // Each commit got positions after every earlier commit of its writer.
        for given in writers {
            #expect(given.crm == given.crm.sorted() && Set(given.crm).count == given.crm.count)
            #expect(given.outlook == given.outlook.sorted() && Set(given.outlook).count == given.outlook.count)
        }
        // Together the writers hold every position once: no gap, no repeat.
        #expect(writers.flatMap(\.crm).sorted() == Array(1...Int64(crmTotal)))
        #expect(writers.flatMap(\.outlook).sorted() == Array(1...Int64(outlookTotal)))
        // The reader, reading while they wrote, saw each entry exactly once and in order: none
        // became visible after a later one it had already passed.
        #expect(seen.crm == Array(1...Int64(crmTotal)))
        #expect(seen.outlook == Array(1...Int64(outlookTotal)))
        let feed = try await stores[1].crmChanges(environment: Fixture.environment, after: .start, limit: 10_000)
        #expect(Set(feed.changes.map(\.record)).count == crmTotal)
    }

    @Test("Interleaved writes from two stores all land, with gapless feed positions in commit order", arguments: StoreKind.underTest)
    func interleavedWrites(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let clock = TestClock()
        let first = try await Fixture.seededStore(in: location, clock: clock)
        let second = try await location.open(clock: clock)
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

    @Test("Read-modify-write with If-Match from two stores loses no update", arguments: StoreKind.underTest)
    func noLostUpdate(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let clock = TestClock()
        let first = try await Fixture.seededStore(in: location, clock: clock)
        let second = try await location.open(clock: clock)
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

    @Test("Two workers racing for a mailbox's lease: exactly one wins each round", arguments: StoreKind.underTest)
    func leaseRace(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let clock = TestClock()
        let first = try await Fixture.seededStore(in: location, clock: clock)
        let second = try await location.open(clock: clock)
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

    @Test("Two cycles that start from the same sync state: one commits, the other is refused", arguments: StoreKind.underTest)
    func competingCycles(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let clock = TestClock()
        let first = try await Fixture.seededStore(in: location, clock: clock)
        let second = try await location.open(clock: clock)
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
