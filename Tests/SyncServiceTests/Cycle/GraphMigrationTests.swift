import Foundation
import SimulatorTestSupport
import SyncEngine
@testable import SyncService
import SyncStore
import Testing

/// Issue 14's migration test: an environment runs on EWS, its links are moved to Graph ids, and
/// the first Graph cycle writes nothing on either side; a crash in the middle changes nothing, and
/// running the move again finishes it.
@Suite("Moving a mailbox from EWS to Graph")
struct GraphMigrationTests {
    let bob = CycleHarness.bob
    /// Links an EWS run leaves: three contacts, three tasks, and the appointments of
    /// `TimeFidelityTests` (zones, DST, all-day, a series with an exception and a deleted occurrence).
    static let linkCount = 6 + TimeFidelityTests.appointments.count

    /// Bob's contacts, tasks and appointments, synchronized through EWS.
    func synchronizedThroughEWS(_ harness: CycleHarness) async throws {
        for index in 1...3 {
            try await harness.upsert(
                .contact, RecordID("c\(index)"),
                ContactFields(givenName: "Jean", surname: "Dupont \(index)", phones: [.businessFax: "+33 1 00 00 00 0\(index)"]).fields)
            try await harness.upsert(.task, RecordID("t\(index)"), TaskFields(subject: "Relancer \(index)", dueDate: LocalDate("2026-03-1\(index)")).fields)
        }
        for (id, fields) in TimeFidelityTests.appointments { try await harness.upsert(.appointment, id, fields.fields) }
        try await harness.sync(bob)
        try await harness.sync(bob)
    }

    func migration(_ harness: CycleHarness) throws -> GraphMigration {
        GraphMigration(store: harness.store, client: try harness.fixture.graphConnector().client, environment: CycleHarness.environment, worker: "migrate-test")
    }

    @Test("The move translates every link, drops the EWS cursors, and the first Graph cycle writes nothing; then changes flow through Graph")
    func moveThenSynchronizeThroughGraph() async throws {
        try await CycleHarness.with(seed: SimulatorFixture.graphSeed) { harness in
            try await synchronizedThroughEWS(harness)
            let ewsLinks = try await harness.links(bob)
            #expect(ewsLinks.count == Self.linkCount)

            let dryRun = try await migration(harness).migrate(bob, dryRun: true)
            #expect(dryRun.translated == Self.linkCount && dryRun.cursorsDropped == 3)
            #expect(try await harness.links(bob) == ewsLinks, "a dry run stores nothing")

            let report = try await migration(harness).migrate(bob, dryRun: false)
            #expect(report.translated == Self.linkCount && report.untranslated == 0 && report.cursorsDropped == 3 && !report.busy)
            let moved = try await harness.links(bob)
            #expect(Set(moved.map(\.record)) == Set(ewsLinks.map(\.record)))
            #expect(Set(moved.map(\.itemID)).isDisjoint(with: ewsLinks.map(\.itemID)))
            #expect(moved.map(\.base) == ewsLinks.map(\.base), "bases are kept")
            for folder in ["calendar", "contacts", "tasks"] {
                #expect(try await harness.store.syncState(environment: CycleHarness.environment, mailbox: bob, folderID: folder) == nil)
            }
            let again = try await migration(harness).migrate(bob, dryRun: false)
            #expect(again.translated == 0 && again.cursorsDropped == 0, "a second run finds nothing left to move")

            var graph = harness.cycle(bob)
            graph.connector = try harness.fixture.graphConnector()
            var summary: SyncRunSummary?
            let requests = try await harness.requests { summary = try await graph.run() }
            #expect(requests.writes.isEmpty, "\(requests.writes.map(\.operation))")
            #expect(summary?.outcome == .succeeded)
            #expect(summary?.outlookWrites == 0 && summary?.crmWrites == 0)
            #expect(try await harness.links(bob).map(\.itemID) == moved.map(\.itemID), "the links keep their Graph ids")
            #expect(try await harness.outlookFeed().isEmpty)

            // Changes flow through Graph from then on, on every kind.
            let task = try #require(try harness.exchange.items(in: bob.rawValue, folder: "tasks").first { $0.subject == "Relancer 2" })
            try harness.exchange.updateItem(in: bob.rawValue, id: task.id, set: ["Subject": "Relancer 2 bis"])
            try await harness.upsert(.contact, "c3", ContactFields(givenName: "Jeanne", surname: "Dupont 3", phones: [.businessFax: "+33 1 00 00 00 03"]).fields)
            let series = try #require(try harness.exchange.items(in: bob.rawValue, folder: "calendar").first { $0.subject == "Comité de pilotage" })
            try harness.exchange.updateItem(in: bob.rawValue, id: series.id, set: ["Location": "Salle C"])
            var next = harness.cycle(bob)
            next.connector = graph.connector
            let flowing = try await harness.requests { try await next.run() }
            #expect(flowing.writes.map(\.operation).contains { $0.hasPrefix("Graph $batch PATCH ") && $0.contains("/contacts/") },
                    "the ERP's edit went out as a PATCH inside a $batch, and the log counts it: \(flowing.writes.map(\.operation))")
            #expect(try await harness.record(.task, "t2")?.fields[FieldName.subject] == .text("Relancer 2 bis"))
            var relocated = TimeFidelityTests.appointments[3].1
            relocated.location = "Salle C"
            #expect(try await harness.record(.appointment, "series")?.fields == relocated.fields, "the series and its exceptions came through Graph")
            let c3 = try #require(try harness.exchange.items(in: bob.rawValue, folder: "contacts").first { $0.xml.contains("Jeanne") })
            #expect(c3.xml.contains("+33 1 00 00 00 03"), "the fax Graph cannot see is still on the item")
        }
    }

    @Test("A move that dies before its commit changes nothing, and running it again finishes it")
    func crashInTheMiddle() async throws {
        try await CycleHarness.with(seed: SimulatorFixture.graphSeed) { harness in
            try await synchronizedThroughEWS(harness)
            let ewsLinks = try await harness.links(bob)
            var dying = try migration(harness)
            dying.beforeCommit = { throw InjectedCrash() }
            await #expect(throws: InjectedCrash.self) { try await dying.migrate(bob, dryRun: false) }
            #expect(try await harness.links(bob) == ewsLinks)
            #expect(try await harness.store.syncState(environment: CycleHarness.environment, mailbox: bob, folderID: "tasks") != nil)

            let report = try await migration(harness).migrate(bob, dryRun: false)
            #expect(report.translated == Self.linkCount && !report.busy, "the lease of the dead run was released or has expired")
        }
    }

    @Test("A mailbox whose lease another worker holds is reported busy and left as it is")
    func busyMailbox() async throws {
        try await CycleHarness.with(seed: SimulatorFixture.graphSeed) { harness in
            try await synchronizedThroughEWS(harness)
            let resource = LeaseResource.mailbox(environment: CycleHarness.environment, address: bob)
            _ = try #require(try await harness.store.acquireLease(resource, holder: "serve", duration: .seconds(600)))
            let report = try await migration(harness).migrate(bob, dryRun: false)
            #expect(report.busy)
            #expect(report.translated == 0)
        }
    }
}
