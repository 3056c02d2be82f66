import ExchangeSimulator
import Foundation
import SimulatorTestSupport
import SyncEngine
import SyncService
import SyncStore
import Testing

/// The tracking pass of a mailbox end to end: the simulator over loopback EWS, the reader, the
/// planner and a real SQLite file.
@Suite("E-mail tracker")
struct EmailTrackerTests {
    static let client = "client@fabrikam.example"

    static func tracker(_ fixture: SimulatorFixture, store: any SyncStore, mode: SyncEngine.EmailTrackingMode = .crmContacts, maxBodyBytes: Int = 4_096)
        throws -> EmailTracker
    {
        EmailTracker(
            store: store, reader: EWSMailFolderReader(client: try fixture.connector().client), environment: "contoso",
            planner: EmailTrackingPlanner(
                rules: EmailTrackingRules(mode: mode, maxBodyBytes: maxBodyBytes),
                contacts: EmailContactDirectory(
                    contacts: [(RecordID(rawValue: "contact-42"), [client])], excluding: [SimulatorFixture.alice, SimulatorFixture.bob]),
                enrolledMailboxes: [SimulatorFixture.alice, SimulatorFixture.bob]),
            lookbackDays: 30)
    }

    /// A real SQLite file in a new folder (removed by the caller), with the environment and its two mailboxes.
    static func store() async throws -> (SQLiteSyncStore, URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("email-tracker-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let store = try await SQLiteSyncStore.open(path: directory.appendingPathComponent("state.sqlite").path)
        try await store.registerEnvironment("contoso", configFingerprint: nil)
        for mailbox in [SimulatorFixture.alice, SimulatorFixture.bob] { try await store.enrolMailbox(environment: "contoso", address: mailbox) }
        return (store, directory)
    }

    @Test func mailReachesTheStoreOnceWithBothMailboxesAndBadInputNeverStopsTheMailbox() async throws {
        try await SimulatorFixture.with { fixture in
            let exchange = fixture.exchange
            let alice = SimulatorFixture.alice.rawValue
            try exchange.sendMail(from: alice, to: [Self.client], cc: [SimulatorFixture.bob.rawValue], subject: "Quote")
            let crowd = (0..<3_000).map { SimulatedExchange.InboundMessage.Address(address: "person\($0)@crowd.example") }
            try exchange.deliverInbound(
                .init(from: .init(address: Self.client), to: [.init(address: alice)] + crowd, cc: [.init(address: "not an address")],
                      subject: "Enormous", body: String(repeating: "é", count: 1_000_000)),
                to: alice)
            try exchange.sendMail(from: alice, to: ["friend@elsewhere.example"], subject: "Lunch")

            let (store, directory) = try await Self.store()
            defer { try? FileManager.default.removeItem(at: directory) }
            let tracker = try Self.tracker(fixture, store: store)
            let now = Date()
            let first = try await tracker.track(SimulatorFixture.alice, now: now)
            let bob = try await tracker.track(SimulatorFixture.bob, now: now)
            #expect(first.created == 2)
            #expect(first.skipped[.notSelected] == 1)
            #expect(bob.created == 0 && bob.updated == 1, "Bob's copy of the quote adds Bob to the same record")

            let feed = try await store.trackedEmails(environment: "contoso", after: 0, limit: 10)
            #expect(feed.count == 2)
            let quote = try #require(feed.first { $0.fields["subject"] == .text("Quote") })
            #expect(quote.mailboxes == [SimulatorFixture.alice, SimulatorFixture.bob])
            #expect(!quote.isCreation, "the second sighting is an update of the same record")
            let enormous = try #require(feed.first { $0.fields["subject"] == .text("Enormous") })
            #expect(enormous.fields["bodyTruncated"] == .boolean(true))
            if case .text(let body)? = enormous.fields["body"] { #expect(body.utf8.count <= 4_096) } else { Issue.record("the body is kept, cut") }
            if case .list(let to)? = enormous.fields["to"] { #expect(to.count == EmailTrackingRules.defaultMaxRecipientsKept) }
            let warnings = try #require(first.warnings[enormous.recordID.rawValue])
            #expect(warnings.contains { $0.hasPrefix("body cut") })
            #expect(warnings.contains { $0.hasPrefix("To cut from 3001") })
            #expect(warnings.contains { $0.contains("malformed address") })

            // Steady state: one request per folder and mailbox, nothing written.
            exchange.clearRequestLog()
            let again = try await tracker.track(SimulatorFixture.alice, now: now)
            #expect(again.created == 0 && again.updated == 0)
            #expect(exchange.requestLog.map(\.operation) == ["SyncFolderItems", "SyncFolderItems"])
            #expect(try await store.trackedEmails(environment: "contoso", after: 0, limit: 10).map(\.version) == feed.map(\.version))
        }
    }

    @Test func aCursorLostAfterThePageWasWrittenRereadsItAndCreatesNothingTwice() async throws {
        try await SimulatorFixture.with { fixture in
            try fixture.exchange.sendMail(from: SimulatorFixture.alice.rawValue, to: [Self.client], subject: "Quote")
            let (store, directory) = try await Self.store()
            defer { try? FileManager.default.removeItem(at: directory) }
            let tracker = try Self.tracker(fixture, store: store)
            #expect(try await tracker.track(SimulatorFixture.alice, now: Date()).created == 1)
            // As if the process had died between the records and the cursor: the cursor is gone.
            let folder = EmailTracker.cursorFolderID(.sentItems)
            let cursor = try await store.syncState(environment: "contoso", mailbox: SimulatorFixture.alice, folderID: folder)
            #expect(cursor != nil)
            try await store.perform(environment: "contoso") { work in
                work.setSyncState(mailbox: SimulatorFixture.alice, folderID: folder, from: cursor, to: nil)
            }
            let replay = try await EmailTracker(
                store: store, reader: EWSMailFolderReader(client: try fixture.connector().client), environment: "contoso",
                planner: tracker.planner, lookbackDays: 30
            ).track(SimulatorFixture.alice, now: Date())
            #expect(replay.created == 0)
            #expect(try await store.trackedEmails(environment: "contoso", after: 0, limit: 10).count == 1)
        }
    }

    @Test func trackingOffReadsNothing() async throws {
        try await SimulatorFixture.with { fixture in
            try fixture.exchange.sendMail(from: SimulatorFixture.alice.rawValue, to: [Self.client], subject: "Quote")
            let (store, directory) = try await Self.store()
            defer { try? FileManager.default.removeItem(at: directory) }
            fixture.exchange.clearRequestLog()
            let outcome = try await Self.tracker(fixture, store: store, mode: .off).track(SimulatorFixture.alice, now: Date())
            #expect(outcome == EmailTracker.Outcome())
            #expect(fixture.exchange.requestLog.isEmpty, "with tracking off, no mail is read at all")
        }
    }
}
