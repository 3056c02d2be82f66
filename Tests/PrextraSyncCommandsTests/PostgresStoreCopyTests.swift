import ChildProcessSupport
import Foundation
import PostgresTestSupport
import SyncEngine
@testable import SyncStore
import Testing

/// Issue 15: `store copy` moves a one-machine install onto PostgreSQL: everything arrives, feed
/// positions and ids included, and the store goes on from there; a copy cut short continues
/// when run again; a target with data, a completed copy and a running service are refused; no
/// password is printed.
@Suite(
    "store copy: SQLite to PostgreSQL",
    .enabled(if: PostgresAvailability.shouldRun, "PostgreSQL is not installed (see README: the SQLite suites alone)"))
struct PostgresStoreCopyTests {
    static let environment = "contoso"
    static let alice: MailboxAddress = "alice@contoso.example"
    static let bob: MailboxAddress = "bob@contoso.example"

    /// A SQLite store with what a running installation holds: records and their feed, links with
    /// their bases, cursors, runs, a decision, a failed item.
    static func populatedStore(in directory: URL) async throws -> (SQLiteSyncStore, String) {
        let path = directory.appendingPathComponent("prextra-sync.sqlite").path
        let store = try await SQLiteSyncStore.open(path: path)
        try await store.registerEnvironment(environment, configFingerprint: "sha256:abc")
        for mailbox in [alice, bob] { _ = try await store.enrolMailbox(environment: environment, address: mailbox) }
        for index in 0..<240 {
            _ = try await store.upsertRecord(
                environment: environment, record: RecordKey(.contact, RecordID("C-\(index)")),
                fields: ["surname": .text("Client \(index)"), "jobTitle": .text("Gérant"), "birthday": .day(String(format: "1980-01-%02d", 1 + index % 28))],
                owners: index % 3 == 0 ? [alice, bob] : [alice], ifMatch: nil)
        }
        _ = try await store.deleteRecord(environment: environment, record: RecordKey(.contact, RecordID("C-7")), ifMatch: nil)
        let run = try await store.startRun(environment: environment, mailbox: alice, worker: "host:1:abcd")
        var work = UnitOfWork(environment: environment)
        for index in 0..<180 {
            work.createLink(
                StoredLink(
                    environment: environment, mailbox: alice, record: RecordKey(.contact, RecordID("C-\(index)")), itemID: "AAMk-\(index)",
                    changeKey: "CK-\(index)", base: ["surname": .text("Client \(index)")], tag: "contact:C-\(index)", folderID: "contacts"))
        }
        work.setSyncState(mailbox: alice, folderID: "contacts", from: nil, to: "H4sIAAAA-state")
        work.setCRMFeedPosition(consumer: .mailbox(alice), from: FeedPosition(rawValue: 0), to: FeedPosition(rawValue: 120))
        work.markMailboxSynced(alice)
        work.finishRun(run, outcome: .succeeded, counts: RunCounts(itemsCreated: 180))
        try await store.commit(work)
        _ = try await store.startRun(environment: environment, mailbox: bob, worker: "host:1:abcd")
        for id in ["<q1@fabrikam.example>", "<q2@fabrikam.example>"] {
            let email = TrackedEmail(
                internetMessageID: InternetMessageID(id)!, conversationID: "CONV-1", from: EmailParticipant(address: "client@fabrikam.example"),
                subject: "Devis \(id)", direction: .inbound, body: "Bonjour", mailboxes: [alice], reason: .matchedContact)
            _ = try await store.recordTrackedEmail(email, environment: environment, at: Date(timeIntervalSince1970: 1_800_000_000))
        }
        _ = try await store.addEmailSighting(
            InternetMessageID("<q1@fabrikam.example>")!, mailbox: bob, environment: environment, at: Date(timeIntervalSince1970: 1_800_000_060))
        return (store, path)
    }

    static func copy(_ path: String, url: String, batchSize: Int = 50, json: Bool = false) async -> CommandLineRun {
        await CommandLineRun.run(
            ["store", "copy", "--from", "sqlite:\(path)", "--to-variable", "PREXTRA_COPY_URL", "--batch-size", String(batchSize)]
                + (json ? ["--json"] : []),
            variables: ["PREXTRA_COPY_URL": url])
    }

    /// The shared test server trusts local connections: a password in the URL is ignored by the
    /// server, and must never be printed by the command.
    static func urlWithPassword() async throws -> String {
        try await PostgresTestServer.shared.newDatabaseURL().replacingOccurrences(of: "postgres://postgres@", with: "postgres://postgres:CopyCanary-4242@")
    }

    @Test("Everything arrives with its positions and ids; the PostgreSQL store goes on from there; a second copy is refused")
    func copiesEverything() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prextra-copy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let (source, path) = try await Self.populatedStore(in: directory)
        let url = try await Self.urlWithPassword()

        let run = await Self.copy(path, url: url, json: true)
        #expect(run.exitCode == 0, "\(run.allOutput)")
        #expect(!run.allOutput.contains("CopyCanary-4242"), "the password is never printed")
        let tables = try #require(try run.json()["tables"] as? [[String: Any]])
        #expect(tables.contains { $0["table"] as? String == "link" && $0["rows"] as? Int == 180 })

        let target = try await PostgresSyncStore.open(url: url)
        defer { target.closeWithoutWaiting() }
        let head = try #require(try await source.environment(Self.environment)).crmFeedHead
        #expect(try await target.environment(Self.environment)?.crmFeedHead == head)
        let sourceFeed = try await source.crmChanges(environment: Self.environment, after: FeedPosition(rawValue: 0), limit: 1_000)
        let targetFeed = try await target.crmChanges(environment: Self.environment, after: FeedPosition(rawValue: 0), limit: 1_000)
        #expect(targetFeed.changes == sourceFeed.changes && sourceFeed.changes.count == 241)
        #expect(try await target.links(environment: Self.environment, mailbox: Self.alice, entity: nil)
            == source.links(environment: Self.environment, mailbox: Self.alice, entity: nil))
        #expect(try await target.records(environment: Self.environment, ownedBy: Self.bob, entity: .contact)
            == source.records(environment: Self.environment, ownedBy: Self.bob, entity: .contact))
        #expect(try await target.syncState(environment: Self.environment, mailbox: Self.alice, folderID: "contacts") == "H4sIAAAA-state")
        #expect(try await target.runs(environment: Self.environment, mailbox: nil, limit: 10).map(\.id)
            == source.runs(environment: Self.environment, mailbox: nil, limit: 10).map(\.id))
        #expect(try await target.mailbox(environment: Self.environment, address: Self.alice)?.lastSuccessAt
            == source.mailbox(environment: Self.environment, address: Self.alice)?.lastSuccessAt)

        let sourceEmails = try await source.trackedEmails(environment: Self.environment, after: 0, limit: 10)
        #expect(try await target.trackedEmails(environment: Self.environment, after: 0, limit: 10) == sourceEmails && sourceEmails.count == 2)
        #expect(try await target.trackedEmailLedger(environment: Self.environment) == source.trackedEmailLedger(environment: Self.environment))

        // The PostgreSQL store continues: the next feed position and run id follow the copied ones.
        let next = try await target.upsertRecord(
            environment: Self.environment, record: RecordKey(.contact, RecordID("C-new")), fields: ["surname": .text("Neuf")],
            owners: [Self.alice], ifMatch: nil)
        #expect(next.feedPosition?.rawValue == head.rawValue + 1)
        let runs = try await source.runs(environment: Self.environment, mailbox: nil, limit: 10)
        let newRun = try await target.startRun(environment: Self.environment, mailbox: Self.bob, worker: "pg:1:abcd")
        #expect(newRun.rawValue > runs.map(\.id.rawValue).max() ?? 0)
        let email = TrackedEmail(
            internetMessageID: InternetMessageID("<q3@fabrikam.example>")!, direction: .inbound, mailboxes: [Self.alice], reason: .category)
        guard case .created(let third) = try await target.recordTrackedEmail(email, environment: Self.environment, at: Date()) else {
            Issue.record("a new e-mail is created on the copied store")
            return
        }
        #expect(third.recordID == RecordID(rawValue: "email-3"))
        #expect(third.position > sourceEmails.map(\.position).max() ?? 0)

        let again = await Self.copy(path, url: url)
        #expect(again.exitCode == 1 && again.standardError.contains("already holds a complete copy"), "\(again.allOutput)")
    }

    @Test("A copy cut short continues where it stopped when run again, with no row twice")
    func resumes() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prextra-copy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let (source, path) = try await Self.populatedStore(in: directory)
        let url = try await PostgresTestServer.shared.newDatabaseURL()
        let target = try await PostgresSyncStore.open(url: url)
        defer { target.closeWithoutWaiting() }
        var interrupted = StoreCopier(source: source, sourceName: path, target: target)
        interrupted.batchSize = 40
        interrupted.stopAfterBatches = 5
        await #expect(throws: StoreCopier.Failure.stopped) { try await interrupted.run() }
        // What committed is exactly what the resume points say, and less than everything.
        let progress = try await target.copyProgress()
        #expect(progress[PostgresSyncStore.copyCompletionMarker] == nil)
        for (table, stand) in progress { #expect(try await target.rowCount(of: table) == stand.copied, "\(table)") }
        var sourceRows = 0
        for table in try await source.copyableTables() { sourceRows += try await source.rowCount(of: table) }
        #expect((1..<sourceRows).contains(progress.values.map(\.copied).reduce(0, +)))

        let run = await Self.copy(path, url: url, batchSize: 40)
        #expect(run.exitCode == 0, "\(run.allOutput)")
        #expect(try await target.rowCount(of: "crm_change") == source.rowCount(of: "crm_change"))
        #expect(try await target.rowCount(of: "link") == 180)
    }

    @Test("A target with data of its own, a store a service runs on, a missing variable: refused, naming the fix")
    func refusals() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prextra-copy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let (source, path) = try await Self.populatedStore(in: directory)

        let used = try await PostgresTestServer.shared.newDatabaseURL()
        let other = try await PostgresSyncStore.open(url: used)
        try await other.registerEnvironment("fabrikam", configFingerprint: nil)
        other.closeWithoutWaiting()
        let notEmpty = await Self.copy(path, url: used)
        #expect(notEmpty.exitCode == 1 && notEmpty.standardError.contains("not empty"), "\(notEmpty.allOutput)")

        let lease = try #require(
            try await source.acquireLease(.mailbox(environment: Self.environment, address: Self.alice), holder: "host:1:live", duration: .seconds(60)))
        let running = await Self.copy(path, url: try await PostgresTestServer.shared.newDatabaseURL())
        #expect(running.exitCode == 1 && running.standardError.contains("stop serve first"), "\(running.allOutput)")
        try await source.releaseLease(lease)

        let missing = await CommandLineRun.run(["store", "copy", "--from", "sqlite:\(path)", "--to-variable", "PREXTRA_NOT_SET"])
        #expect(missing.exitCode == 1 && missing.standardError.contains("PREXTRA_NOT_SET"))
        let noFile = await CommandLineRun.run(["store", "copy", "--from", "sqlite:/nowhere/x.sqlite", "--to", used])
        #expect(noFile.exitCode == 1 && noFile.standardError.contains("--from"))
    }
}

/// The real `prextra-sync store copy`, killed with `kill -9` in the middle of a table, then run
/// again: it resumes, and every row is there once.
extension PostgresStoreCopyTests {
    @Test(
        "kill -9 of prextra-sync store copy in the middle of a table, then the same command: complete, every row once",
        .enabled(if: ExecutableTests.executable != nil, "build the prextra-sync product first (swift build)"))
    func resumesAfterKill() async throws {
        let url = try await PostgresTestServer.shared.newDatabaseURL()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prextra-copy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("state.sqlite").path
        let store = try await SQLiteSyncStore.open(path: path)
        try await store.registerEnvironment(Self.environment, configFingerprint: nil)
        _ = try await store.enrolMailbox(environment: Self.environment, address: Self.alice)
        for index in 0..<4_000 {
            _ = try await store.upsertRecord(
                environment: Self.environment, record: RecordKey(.contact, RecordID("c\(index)")), fields: ["surname": .text("Contact \(index)")],
                owners: [Self.alice], ifMatch: nil)
        }
        var work = UnitOfWork(environment: Self.environment)
        for index in 0..<4_000 {
            work.createLink(
                StoredLink(
                    environment: Self.environment, mailbox: Self.alice, record: RecordKey(.contact, RecordID("c\(index)")), itemID: "item-\(index)",
                    changeKey: "ck-\(index)", base: ["surname": .text("Contact \(index)")], tag: "contact:c\(index)"))
        }
        try await store.commit(work)
        try store.close()

        let arguments = ["store", "copy", "--from", "sqlite:\(path)", "--to-variable", "TARGET_URL"]
        let killed = try await ProcessKilledAtMarker.run(
            try #require(ExecutableTests.executable), arguments, environment: ["TARGET_URL": url], marker: "link: 1000 of 4000")
        #expect(killed.reason == .uncaughtSignal, "killed in the middle: \(killed.standardError.suffix(2000))")
        #expect(!killed.standardOutput.contains("The copy is complete"))

        let resumed = await CommandLineRun.run(arguments, variables: ["TARGET_URL": url])
        #expect(resumed.exitCode == 0, "\(resumed.allOutput)")
        #expect(resumed.standardError.contains("Resuming"), "\(resumed.standardError)")
        let target = try await PostgresSyncStore.open(url: url)
        defer { target.closeWithoutWaiting() }
        let links = try await target.links(environment: Self.environment, mailbox: Self.alice, entity: nil)
        #expect(links.count == 4_000 && Set(links.map(\.itemID)).count == 4_000)
        let feed = try await target.crmChanges(environment: Self.environment, after: FeedPosition(rawValue: 0), limit: 10_000)
        #expect(feed.changes.map(\.position.rawValue) == Array(1...4_000).map(Int64.init))
    }
}
