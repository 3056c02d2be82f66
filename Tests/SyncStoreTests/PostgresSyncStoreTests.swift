import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SyncEngine
import Testing
@testable import SyncStore

/// Focused tests of `PostgresSyncStore` against a throwaway PostgreSQL 15 that each test starts
/// on 127.0.0.1 (`initdb` as the postgres user, a free port, `fsync=off`) and stops at its end.
/// They are skipped when `/usr/lib/postgresql/15/bin` is missing. The shared conformance suite,
/// parameterised over store kinds, will subsume them.
@Suite("PostgreSQL store", .enabled(if: PostgresTestServer.isAvailable, "PostgreSQL 15 is not installed in /usr/lib/postgresql/15"))
struct PostgresSyncStoreTests {
    @Test("Migrations run once and are recorded")
    func migrationsRunOnce() async throws {
        try await PostgresTestServer.with { server in
            let store = try await PostgresSyncStore.open(url: server.url)
            #expect(try await store.appliedMigrations() == ["1-initial-schema"])
            await store.close()
            let again = try await PostgresSyncStore.open(url: server.url)
            #expect(try await again.appliedMigrations() == ["1-initial-schema"])
            await again.close()
        }
    }

    @Test("Environments and mailboxes")
    func environmentsAndMailboxes() async throws {
        try await PostgresTestServer.with { server in
            let store = try await PostgresSyncStore.open(url: server.url, clock: TestClock().reading)
            defer { Task { await store.close() } }
            #expect(try await store.registerEnvironment("prextra", configFingerprint: "one") == .new)
            #expect(try await store.registerEnvironment("prextra", configFingerprint: "one") == .unchanged)
            #expect(try await store.registerEnvironment("prextra", configFingerprint: "two") == .changed(previousFingerprint: "one"))
            try await store.enrolMailbox(environment: "prextra", address: Fixture.bob)
            try await store.enrolMailbox(environment: "prextra", address: Fixture.alice)
            try await store.disableMailbox(environment: "prextra", address: Fixture.bob)
            #expect(try await store.mailboxes(environment: "prextra", state: nil).map(\.address) == [Fixture.alice, Fixture.bob])
            #expect(try await store.mailboxes(environment: "prextra", state: .enrolled).map(\.address) == [Fixture.alice])
            await #expect(throws: SyncStoreError.unknownEnvironment("nowhere")) {
                try await store.enrolMailbox(environment: "nowhere", address: Fixture.alice)
            }
            await #expect(throws: SyncStoreError.unknownMailbox(environment: "prextra", mailbox: "carol@prextra.example")) {
                try await store.disableMailbox(environment: "prextra", address: "carol@prextra.example")
            }
        }
    }

    @Test("A record upsert gets a version and a feed entry; the same content is unchanged; If-Match is checked")
    func recordUpsert() async throws {
        try await PostgresTestServer.with { server in
            let store = try await Self.seededStore(server)
            defer { Task { await store.close() } }
            let key = Fixture.contact("42")
            let created = try await store.upsertRecord(
                environment: Fixture.environment, record: key, fields: Fixture.sampleFields, owners: [Fixture.alice], ifMatch: nil)
            #expect(created == RecordWriteResult(version: RecordVersion(1), outcome: .created, feedPosition: FeedPosition(1)))
            let same = try await store.upsertRecord(
                environment: Fixture.environment, record: key, fields: Fixture.sampleFields, owners: [Fixture.alice], ifMatch: nil)
            #expect(same.outcome == .unchanged && same.feedPosition == nil)
            await #expect(throws: SyncStoreError.preconditionFailed(
                environment: Fixture.environment, record: key, expected: RecordVersion(7), actual: RecordVersion(1))
            ) {
                try await store.upsertRecord(
                    environment: Fixture.environment, record: key, fields: [:], owners: [], ifMatch: RecordVersion(7))
            }
            let record = try #require(try await store.record(environment: Fixture.environment, key: key))
            #expect(record.fields == Fixture.sampleFields && record.owners == [Fixture.alice] && record.version == RecordVersion(1))
            let page = try await store.crmChanges(environment: Fixture.environment, concerning: Fixture.alice, after: .start, limit: 10)
            #expect(page.changes.map(\.record) == [key] && page.changes.first?.ownersAdded == [Fixture.alice])
            let deleted = try await store.deleteRecord(environment: Fixture.environment, record: key, ifMatch: RecordVersion(1))
            #expect(deleted.outcome == .deleted && deleted.version == RecordVersion(2) && deleted.feedPosition == FeedPosition(2))
        }
    }

    @Test("A unit of work commits links, a cursor compare-and-set and an Outlook change; a moved cursor commits nothing")
    func unitOfWork() async throws {
        try await PostgresTestServer.with { server in
            let store = try await Self.seededStore(server)
            defer { Task { await store.close() } }
            let links = (1...300).map { Fixture.link(Fixture.contact("c\($0)"), item: "item-\($0)") }
            let receipt = try await store.perform(environment: Fixture.environment) { work in
                for link in links { work.createLink(link) }
                work.setSyncState(mailbox: Fixture.alice, folderID: "contacts", from: nil, to: "state-1")
                work.setCRMFeedPosition(consumer: .mailbox(Fixture.alice), from: .start, to: FeedPosition(0))
                work.applyOutlookChange(
                    OutlookRecordWrite(
                        record: Fixture.contact("from-outlook"), mailbox: Fixture.alice, itemID: "item-x",
                        change: .create(fields: ["displayName": .text("Grace")], owners: []), expectedVersion: nil))
                work.markMailboxSynced(Fixture.alice)
            }
            #expect(receipt.crmChanges == [FeedPosition(1)] && receipt.outlookChanges == [FeedPosition(1)])
            #expect(try await store.links(environment: Fixture.environment, mailbox: Fixture.alice, entity: .contact).count == 300)
            #expect(try await store.link(environment: Fixture.environment, mailbox: Fixture.alice, itemID: "item-7") == links[6])
            #expect(try await store.syncState(environment: Fixture.environment, mailbox: Fixture.alice, folderID: "contacts") == "state-1")

            // Another worker moved the cursor: nothing of this unit of work is applied.
            await #expect(throws: SyncStoreError.syncStateMoved(environment: Fixture.environment, mailbox: Fixture.alice, folderID: "contacts")) {
                try await store.perform(environment: Fixture.environment) { work in
                    work.createLink(Fixture.link(Fixture.contact("late"), item: "item-late"))
                    work.setSyncState(mailbox: Fixture.alice, folderID: "contacts", from: "state-0", to: "state-2")
                }
            }
            #expect(try await store.link(environment: Fixture.environment, mailbox: Fixture.alice, itemID: "item-late") == nil)
            // A duplicate item is refused with the precise error.
            await #expect(throws: SyncStoreError.itemAlreadyLinked(
                environment: Fixture.environment, mailbox: Fixture.alice, itemID: "item-1", existingRecord: Fixture.contact("c1"))
            ) {
                try await store.perform(environment: Fixture.environment) { work in
                    work.createLink(Fixture.link(Fixture.contact("other"), item: "item-1"))
                }
            }
        }
    }

    @Test("Feed positions stay gapless and in commit order under several concurrent writers")
    func gaplessFeedUnderConcurrentWriters() async throws {
        try await PostgresTestServer.with { server in
            let store = try await Self.seededStore(server)
            defer { Task { await store.close() } }
            let writers = 6
            let perWriter = 25
            let total = writers * perWriter
            try await withThrowingTaskGroup(of: [FeedPosition].self) { group in
                for writer in 0..<writers {
                    group.addTask {
                        for index in 0..<perWriter {
                            try await store.upsertRecord(
                                environment: Fixture.environment, record: Fixture.contact("w\(writer)-\(index)"),
                                fields: ["n": .integer(index)], owners: [Fixture.alice], ifMatch: nil)
                        }
                        return []
                    }
                }
                // A reader resuming `after` its last position while the writers commit.
                group.addTask {
                    var seen: [FeedPosition] = []
                    var after = FeedPosition.start
                    while seen.count < total {
                        let page = try await store.crmChanges(environment: Fixture.environment, after: after, limit: 7)
                        seen += page.changes.map(\.position)
                        after = page.next
                    }
                    return seen
                }
                var read: [FeedPosition] = []
                for try await positions in group { read += positions }
                let expected: [FeedPosition] = (1...Int64(total)).map { FeedPosition($0) }
                #expect(read == expected)
            }
            let environment = try #require(try await store.environment(Fixture.environment))
            #expect(environment.crmFeedHead == FeedPosition(Int64(total)))
        }
    }

    @Test("Leases: one holder, renewal, takeover after expiry with a bigger token, the old holder is fenced off")
    func leases() async throws {
        try await PostgresTestServer.with { server in
            let clock = TestClock()
            let store = try await Self.seededStore(server, clock: clock)
            defer { Task { await store.close() } }
            let resource = LeaseResource.mailbox(environment: Fixture.environment, address: Fixture.alice)
            let first = try #require(try await store.acquireLease(resource, holder: "worker-1", duration: .seconds(30)))
            #expect(first.token == 1 && first.expiresAt == clock.now.addingTimeInterval(30))
            #expect(try await store.acquireLease(resource, holder: "worker-2", duration: .seconds(30)) == nil)
            clock.advance(by: 20)
            let renewed = try await store.renewLease(first, duration: .seconds(30))
            #expect(renewed.token == 1 && renewed.expiresAt == clock.now.addingTimeInterval(30))
            clock.advance(by: 31)
            let second = try #require(try await store.acquireLease(resource, holder: "worker-2", duration: .seconds(30)))
            #expect(second.token == 2)
            await #expect(throws: SyncStoreError.leaseLost(resource: resource, holder: "worker-1")) {
                try await store.renewLease(renewed, duration: .seconds(30))
            }
            await #expect(throws: SyncStoreError.leaseLost(resource: resource, holder: "worker-1")) {
                try await store.perform(environment: Fixture.environment, lease: renewed) { work in
                    work.setSyncState(mailbox: Fixture.alice, folderID: "calendar", from: nil, to: "stale")
                }
            }
            try await store.perform(environment: Fixture.environment, lease: second) { work in
                work.setSyncState(mailbox: Fixture.alice, folderID: "calendar", from: nil, to: "fresh")
            }
            #expect(try await store.breakLease(second))
            #expect(try await store.currentLease(resource) == nil)
            #expect(try await store.acquireLease(resource, holder: "worker-3", duration: .seconds(5))?.token == 3)
        }
    }

    @Test("Two workers claiming the webhook outbox at once never get the same entry")
    func webhookClaimsSkipLocked() async throws {
        try await PostgresTestServer.with { server in
            let store = try await Self.seededStore(server)
            defer { Task { await store.close() } }
            try await store.setWebhookDelivery(environment: Fixture.environment, enabled: true)
            try await store.perform(environment: Fixture.environment) { work in
                for index in 1...40 {
                    work.applyOutlookChange(
                        OutlookRecordWrite(
                            record: Fixture.contact("o\(index)"), mailbox: Fixture.alice, itemID: "item-\(index)",
                            change: .create(fields: ["n": .integer(index)], owners: []), expectedVersion: nil))
                }
            }
            #expect(try await store.undeliveredWebhookCount(environment: Fixture.environment) == 40)
            let claims = try await withThrowingTaskGroup(of: [FeedPosition].self) { group in
                for _ in 0..<2 {
                    group.addTask {
                        var mine: [FeedPosition] = []
                        while true {
                            let claimed = try await store.claimDueWebhookDeliveries(
                                environment: Fixture.environment, limit: 3, claimFor: .seconds(60))
                            if claimed.isEmpty { return mine }
                            mine += claimed.map(\.change.position)
                        }
                    }
                }
                var all: [[FeedPosition]] = []
                for try await claimed in group { all.append(claimed) }
                return all
            }
            let everything = claims.flatMap { $0 }
            #expect(everything.count == 40 && Set(everything).count == 40)
        }
    }

    @Test("A wrong password or a server that is down gives an error naming Store, never the password")
    func connectionErrors() async throws {
        var stoppedURL = ""
        try await PostgresTestServer.with { server in
            let wrong = server.url.replacingOccurrences(of: PostgresTestServer.password, with: "Wr0ngSecret-xyz")
            stoppedURL = wrong
            let refused = try await #require(throws: SyncStoreError.self) { try await PostgresSyncStore.open(url: wrong) }
            #expect(refused.description.contains("Store") && refused.description.contains("28P01"))
            #expect(!refused.description.contains("Wr0ngSecret-xyz"))
        }
        // The same server, now stopped.
        let unreachable = try await #require(throws: SyncStoreError.self) { try await PostgresSyncStore.open(url: stoppedURL) }
        #expect(unreachable.description.contains("Store.Url") && !unreachable.description.contains("Wr0ngSecret-xyz"))
        let malformed = try #require(throws: SyncStoreError.self) { try PostgresStoreURL("postgres://u:Wr0ngSecret-xyz@/db") }
        #expect(malformed.description.contains("Store.Url") && !malformed.description.contains("Wr0ngSecret-xyz"))
    }

    @Test("The URL's sslmode: require by default, prefer on loopback, as given otherwise; the password is masked")
    func urlParsing() throws {
        let remote = try PostgresStoreURL("postgres://sync:s3cret@db.example:6432/prextra")
        #expect(remote.sslMode == .require && remote.port == 6432 && remote.database == "prextra" && remote.password == "s3cret")
        #expect(remote.redacted == "postgres://sync:***@db.example:6432/prextra?sslmode=require")
        #expect(try PostgresStoreURL("postgres://sync:s3cret@localhost/prextra").sslMode == .prefer)
        #expect(try PostgresStoreURL("postgres://sync@127.0.0.1/prextra?sslmode=verify-full").sslMode == .verifyFull)
        #expect(try PostgresStoreURL("postgresql://sync@[::1]:5433/prextra?sslmode=disable").host == "::1")
        #expect(throws: SyncStoreError.self) { try PostgresStoreURL("postgres://sync:s3cret@db.example/prextra?sslmode=sometimes") }
        #expect(PostgresStoreURL.redact("postgres://sync:s3cret@db.example/x?sslmode=no") == "postgres://sync:***@db.example/x?sslmode=no")
    }

    static func seededStore(_ server: PostgresTestServer, clock: TestClock = TestClock()) async throws -> PostgresSyncStore {
        let store = try await PostgresSyncStore.open(url: server.url, clock: clock.reading)
        try await store.registerEnvironment(Fixture.environment, configFingerprint: "sha256:one")
        try await store.enrolMailbox(environment: Fixture.environment, address: Fixture.alice)
        try await store.enrolMailbox(environment: Fixture.environment, address: Fixture.bob)
        return store
    }
}

/// A throwaway PostgreSQL server for one test: a data directory owned by `postgres`, password
/// authentication on 127.0.0.1, a free port, `fsync=off`; stopped and removed at the end.
struct PostgresTestServer {
    static let binaries = "/usr/lib/postgresql/15/bin"
    static let password = "TestPassw0rd-\(UInt32.random(in: 0...UInt32.max))"
    static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: "\(binaries)/initdb") }

    let url: String

    static func with(_ body: (PostgresTestServer) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pg-store-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let data = directory.appendingPathComponent("data").path
        let passwordFile = directory.appendingPathComponent("password").path
        try password.write(toFile: passwordFile, atomically: true, encoding: .utf8)
        if getuid() == 0 { try await run("/bin/chown", ["-R", "postgres", directory.path]) }
        try await runAsPostgres("initdb", ["-D", data, "-U", "postgres", "--auth=scram-sha-256", "--pwfile=\(passwordFile)", "-E", "UTF8"])
        var port = 0
        for _ in 0..<5 {
            port = Int.random(in: 20_000..<60_000)
            let options = "-k \(directory.path) -c listen_addresses=127.0.0.1 -p \(port) -c fsync=off"
            if (try? await runAsPostgres("pg_ctl", ["-D", data, "-o", options, "-l", "\(directory.path)/log", "-w", "start"])) != nil {
                break
            }
            port = 0
        }
        guard port != 0 else { throw PostgresTestServerError(message: "could not start PostgreSQL in \(directory.path)") }
        var failure: (any Error)?
        do {
            try await body(PostgresTestServer(url: "postgres://postgres:\(password)@127.0.0.1:\(port)/postgres?sslmode=disable"))
        } catch {
            failure = error
        }
        try? await runAsPostgres("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"])
        if let failure { throw failure }
    }

    private static func runAsPostgres(_ tool: String, _ arguments: [String]) async throws {
        if getuid() == 0 {
            try await run("/usr/sbin/runuser", ["-u", "postgres", "--", "\(binaries)/\(tool)"] + arguments)
        } else {
            try await run("\(binaries)/\(tool)", arguments)
        }
    }

    /// Runs a tool to its end with posix_spawn and waitpid (Foundation's `Process` missed the exit
    /// of `pg_ctl start`, whose server outlives it); its output goes to /dev/null.
    private static func run(_ executable: String, _ arguments: [String]) async throws {
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                var actions = posix_spawn_file_actions_t()
                posix_spawn_file_actions_init(&actions)
                defer { posix_spawn_file_actions_destroy(&actions) }
                posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
                posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
                let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
                defer { argv.forEach { free($0) } }
                var pid: pid_t = 0
                let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
                guard spawned == 0 else {
                    continuation.resume(throwing: PostgresTestServerError(message: "cannot run \(executable): \(spawned)"))
                    return
                }
                var status: Int32 = 0
                while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
                continuation.resume(returning: (status >> 8) & 0xFF)
            }
        }
        guard status == 0 else {
            throw PostgresTestServerError(message: "\(executable) \(arguments.first ?? "") exited with \(status)")
        }
    }
}

struct PostgresTestServerError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
