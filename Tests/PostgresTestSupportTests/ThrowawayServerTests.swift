import Foundation
import PostgresTestSupport
import Testing

@Suite("The throwaway PostgreSQL server", .enabled(if: PostgresAvailability.shouldRun, Comment(rawValue: PostgresAvailability.skipReason)))
struct ThrowawayServerTests {
    @Test("Each test gets its own database on one shared server, reachable at the URL it is given")
    func separateDatabases() async throws {
        let server = PostgresTestServer.shared
        let first = try await server.newDatabaseURL()
        let second = try await server.newDatabaseURL()
        #expect(first != second)
        let port = try await server.port()
        for url in [first, second] {
            let components = try #require(URLComponents(string: url))
            #expect(components.scheme == "postgres" && components.host == "127.0.0.1" && components.port == port)
            #expect(components.user == PostgresTestServer.user)
            #expect(components.queryItems == [URLQueryItem(name: "sslmode", value: "disable")])
            let database = String(components.path.dropFirst())
            #expect(try await server.psql(database: database, "SELECT current_database(), 1") == "\(database)|1")
        }

        // Tables of one database are invisible from the other.
        let firstName = String(try #require(URLComponents(string: first)).path.dropFirst())
        let secondName = String(try #require(URLComponents(string: second)).path.dropFirst())
        _ = try await server.psql(database: firstName, "CREATE TABLE only_here (n int); INSERT INTO only_here VALUES (7)")
        #expect(try await server.psql(database: firstName, "SELECT n FROM only_here") == "7")
        #expect(try await server.psql(database: secondName, "SELECT count(*) FROM pg_tables WHERE tablename = 'only_here'") == "0")

        try await server.dropDatabase(named: secondName)
        await #expect(throws: PostgresTestServerError.self) { try await server.psql(database: secondName, "SELECT 1") }
    }

    @Test("The server is the fast, local one the tests asked for")
    func settings() async throws {
        let server = PostgresTestServer.shared
        let url = try await server.newDatabaseURL()
        let database = String(try #require(URLComponents(string: url)).path.dropFirst())
        let settings = try await server.psql(
            database: database,
            "SELECT string_agg(name || '=' || setting, ',' ORDER BY name) FROM pg_settings "
                + "WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes', 'listen_addresses')")
        #expect(settings == "fsync=off,full_page_writes=off,listen_addresses=127.0.0.1,synchronous_commit=off")
    }

    @Test("Many tests asking at once share one server and get distinct databases")
    func concurrentRequests() async throws {
        let urls = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<8 { group.addTask { try await PostgresTestServer.shared.newDatabaseURL() } }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(Set(urls).count == 8)
        #expect(Set(urls.compactMap { URLComponents(string: $0)?.port }).count == 1)
    }
}
