import Foundation
import PostgresTestSupport
#if canImport(Glibc)
import Glibc
#endif
import SyncEngine
import Testing
@testable import SyncStore

/// What only the PostgreSQL store has: its own migrations, its connection errors (a server with
/// password authentication, which the shared test server does not use) and its URL rules. The
/// behaviour both stores share is tested once, for both, by the parameterised suites.
@Suite(
    "PostgreSQL store",
    .enabled(
        if: PasswordPostgresServer.isAvailable || PostgresAvailability.isRequired,
        "PostgreSQL 15 is not installed in /usr/lib/postgresql/15 (under CI=true the suite runs and fails instead)"))
struct PostgresSyncStoreTests {
    @Test("Migrations run once and are recorded")
    func migrationsRunOnce() async throws {
        try await PasswordPostgresServer.with { server in
            let store = try await PostgresSyncStore.open(url: server.url)
            #expect(try await store.appliedMigrations() == ["1-initial-schema", "2-workers", "3-onboarding", "4-onboarding-certificate", "5-operator-sessions", "6-service-events", "7-tracked-emails"])
            await store.close()
            let again = try await PostgresSyncStore.open(url: server.url)
            #expect(try await again.appliedMigrations() == ["1-initial-schema", "2-workers", "3-onboarding", "4-onboarding-certificate", "5-operator-sessions", "6-service-events", "7-tracked-emails"])
            await again.close()
        }
    }

    @Test("A database made by an older release is migrated forward, its data kept")
    func migratesExistingDatabase() async throws {
        try await PasswordPostgresServer.with { server in
            // A database as the release with only `1-initial-schema` left it, with data in it.
            let old = try await PostgresSyncStore.open(url: server.url)
            try await old.session("make the database an older release's") { db in
                try await db.execute("DROP TABLE worker, onboarding_invitation, onboarded_environment, operator_session, service_event, tracked_email, tracked_email_head")
                try await db.execute("DELETE FROM schema_migration WHERE name <> '1-initial-schema'")
            }
            try await old.registerEnvironment("contoso", configFingerprint: nil)
            try await old.enrolMailbox(environment: "contoso", address: MailboxAddress("alice@contoso.com"))
            #expect(try await old.appliedMigrations() == ["1-initial-schema"])
            await old.close()

            let upgraded = try await PostgresSyncStore.open(url: server.url)
            #expect(try await upgraded.appliedMigrations() == ["1-initial-schema", "2-workers", "3-onboarding", "4-onboarding-certificate", "5-operator-sessions", "6-service-events", "7-tracked-emails"])
            #expect(try await upgraded.mailbox(environment: "contoso", address: MailboxAddress("alice@contoso.com")) != nil)
            #expect(try await upgraded.announceWorker("w1", duration: .seconds(30)).map(\.worker) == ["w1"])
            await upgraded.close()
        }
    }

    @Test("A wrong password or a server that is down gives an error naming Store, never the password")
    func connectionErrors() async throws {
        var stoppedURL = ""
        try await PasswordPostgresServer.with { server in
            let wrong = server.url.replacingOccurrences(of: PasswordPostgresServer.password, with: "Wr0ngSecret-xyz")
            stoppedURL = wrong
            let refused = try await #require(throws: SyncStoreError.self) { try await PostgresSyncStore.open(url: wrong) }
            #expect(refused.description.contains("Store") && refused.description.contains("28P01"))
            #expect(!refused.description.contains("Wr0ngSecret-xyz"))
        }
        // The same server, now stopped.
        let unreachable = try await #require(throws: SyncStoreError.self) { try await PostgresSyncStore.open(url: stoppedURL) }
        #expect(unreachable.description.contains("Store.Url") && !unreachable.description.contains("Wr0ngSecret-xyz"))
        // The remedy is PostgreSQL's, not the SQLite file's.
        #expect(!unreachable.description.contains("database file") && unreachable.description.contains("server is up"))
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
}
