import ChildProcessSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One throwaway PostgreSQL server per test process, started on first use and shared by every
/// suite; each test asks it for a database of its own, so tests stay isolated and run in parallel.
///
/// The server listens on 127.0.0.1 only, on a free port, with its socket in its own directory,
/// and trusts every connection (no password: it holds nothing and lives as long as the tests).
/// Durability is off (`fsync`, `synchronous_commit`, `full_page_writes`): a crash loses a test
/// database, never anything else. It runs as `postgres` when the tests run as root, since
/// `initdb` refuses root. It stops when the process exits (see ``ServerShutdown``).
public actor PostgresTestServer {
    public static let shared = PostgresTestServer()

    /// The superuser every URL connects as.
    public static let user = "postgres"

    private struct Running: Sendable {
        let installation: PostgresInstallation
        let directory: ServerDirectory
        let port: Int
    }

    private var starting: Task<Running, any Error>?

    private init() {}

    /// A connection URL for a new, empty database of its own:
    /// `postgres://postgres@127.0.0.1:PORT/test_<uuid>?sslmode=disable`.
    public func newDatabaseURL() async throws -> String {
        let name = "test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await createDatabase(named: name)
        return try await url(database: name)
    }

    /// The connection URL of `database` on this server.
    public func url(database: String) async throws -> String {
        let server = try await running()
        return "postgres://\(Self.user)@127.0.0.1:\(server.port)/\(database)?sslmode=disable"
    }

    /// The port the server listens on, starting it if need be.
    public func port() async throws -> Int { try await running().port }

    public func createDatabase(named name: String) async throws {
        _ = try await psql(database: "postgres", "CREATE DATABASE \(Self.quoted(name))")
    }

    /// Drops `name`, closing its connections first.
    public func dropDatabase(named name: String) async throws {
        _ = try await psql(database: "postgres", "DROP DATABASE IF EXISTS \(Self.quoted(name)) WITH (FORCE)")
    }

    /// Runs `sql` with `psql` in `database` and returns its unaligned output: one line per row,
    /// columns separated by `|`.
    public func psql(database: String, _ sql: String) async throws -> String {
        let server = try await running()
        let outcome = try await ChildProcess.run(
            server.installation.psql,
            arguments: [
                "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", String(server.port),
                "-U", Self.user, "-d", database, "-c", sql,
            ])
        guard outcome.status == 0 else {
            throw PostgresTestServerError.programFailed(program: "psql", status: outcome.status, output: outcome.standardError)
        }
        return outcome.standardOutput.trimmingCharacters(in: .newlines)
    }

    private func running() async throws -> Running {
        if let starting { return try await starting.value }
        let start = Task { try await Self.start() }
        starting = start
        do {
            return try await start.value
        } catch {
            starting = nil  // the next test tries again, and says why again
            throw error
        }
    }

    private static func start() async throws -> Running {
        guard let installation = PostgresAvailability.installation else { throw PostgresTestServerError.notInstalled }
        for abandoned in ServerDirectory.abandoned() { abandoned.stopServerAndRemove() }
        let directory = try ServerDirectory.create()
        ServerShutdown.register(directory)
        try handToServerUser(directory)
        try await runAsServerUser(
            installation.initdb,
            ["-D", directory.dataDirectory, "-U", user, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"])
        let settings = """

            # The throwaway test server (Tests/PostgresTestSupport)
            listen_addresses = '127.0.0.1'
            unix_socket_directories = '\(directory.socketDirectory)'
            fsync = off
            synchronous_commit = off
            full_page_writes = off
            max_connections = 200

            """
        let configuration = try FileHandle(forWritingTo: URL(fileURLWithPath: directory.dataDirectory + "/postgresql.conf"))
        try configuration.seekToEnd()
        try configuration.write(contentsOf: Data(settings.utf8))
        try configuration.close()

        // A free port can be taken by someone else before the server binds it: try a few.
        var lastFailure: (any Error)?
        for _ in 0..<3 {
            let port = try freePort()
            do {
                // Not through `ChildProcess`: the server pg_ctl leaves running must not inherit its descriptors.
                let (program, arguments) = serverUserCommand(
                    installation.pgCtl,
                    ["-D", directory.dataDirectory, "-l", directory.logFile, "-w", "-t", "60", "-o", "-p \(port)", "start"])
                let status = try await DetachedProcess.run(program.path, arguments, outputFile: directory.path + "/pg_ctl.log")
                guard status == 0 else {
                    let output = (try? String(contentsOfFile: directory.path + "/pg_ctl.log", encoding: .utf8)) ?? ""
                    throw PostgresTestServerError.programFailed(program: "pg_ctl start", status: status, output: output)
                }
                return Running(installation: installation, directory: directory, port: port)
            } catch {
                lastFailure = error
            }
        }
        let log = (try? String(contentsOfFile: directory.logFile, encoding: .utf8)) ?? ""
        throw PostgresTestServerError.programFailed(
            program: "pg_ctl start", status: -1, output: "\(lastFailure.map { "\($0)" } ?? "")\nserver log:\n\(log.suffix(2000))")
    }

    private static var isRoot: Bool { getuid() == 0 }

    /// As root, gives the directory to `postgres`, the user the server runs as.
    private static func handToServerUser(_ directory: ServerDirectory) throws {
        guard isRoot else { return }
        guard let account = getpwnam(user) else { throw PostgresTestServerError.noPostgresUser }
        guard chown(directory.path, account.pointee.pw_uid, account.pointee.pw_gid) == 0 else {
            throw PostgresTestServerError.programFailed(
                program: "chown \(directory.path)", status: errno, output: String(cString: strerror(errno)))
        }
    }

    /// Runs a server program to its end, through `runuser -u postgres --` when root.
    private static func runAsServerUser(_ program: URL, _ arguments: [String]) async throws {
        let (executable, fullArguments) = serverUserCommand(program, arguments)
        let outcome = try await ChildProcess.run(executable, arguments: fullArguments, mergingErrors: true)
        guard outcome.status == 0 else {
            throw PostgresTestServerError.programFailed(
                program: program.lastPathComponent, status: outcome.status, output: outcome.standardOutput)
        }
    }

    /// The command that runs `program` as the server's user: itself, or through `runuser` when root.
    private static func serverUserCommand(_ program: URL, _ arguments: [String]) -> (URL, [String]) {
        let runuser = ["/usr/sbin/runuser", "/sbin/runuser"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard isRoot, let runuser else { return (program, arguments) }
        return (URL(fileURLWithPath: runuser), ["-u", user, "--", program.path] + arguments)
    }

    /// A TCP port on 127.0.0.1 that nobody listens on right now.
    private static func freePort() throws -> Int {
        let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketDescriptor >= 0 else {
            throw PostgresTestServerError.programFailed(program: "socket", status: errno, output: String(cString: strerror(errno)))
        }
        defer { close(socketDescriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(socketDescriptor, generic, length) == 0 && getsockname(socketDescriptor, generic, &length) == 0
            }
        }
        guard bound else {
            throw PostgresTestServerError.programFailed(program: "bind", status: errno, output: String(cString: strerror(errno)))
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// `name` as a quoted SQL identifier.
    private static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
