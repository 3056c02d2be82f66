import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A throwaway PostgreSQL server of one test's own, with password authentication (the shared
/// test server trusts every connection): a data directory owned by `postgres`, 127.0.0.1, a free
/// port, `fsync=off`; stopped and removed at the end. The test may stop it and start it again
/// (the database going away under a running service).
public struct PasswordPostgresServer: Sendable {
    public static let binaries = "/usr/lib/postgresql/15/bin"
    public static let password = "TestPassw0rd-\(UInt32.random(in: 0...UInt32.max))"
    public static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: "\(binaries)/initdb") }

    public let url: String
    let data: String
    let options: String
    let log: String

    /// Stops the server as an operator would (`pg_ctl stop -m fast`): connections are cut.
    public func stop() async throws {
        try await Self.runAsPostgres("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"])
    }

    /// Starts the stopped server again, on the same port.
    public func start() async throws {
        try await Self.runAsPostgres("pg_ctl", ["-D", data, "-o", options, "-l", log, "-w", "start"])
    }

    public static func with(_ body: (PasswordPostgresServer) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pg-store-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let data = directory.appendingPathComponent("data").path
        let passwordFile = directory.appendingPathComponent("password").path
        try password.write(toFile: passwordFile, atomically: true, encoding: .utf8)
        if getuid() == 0 { try await run("/bin/chown", ["-R", "postgres", directory.path]) }
        try await runAsPostgres("initdb", ["-D", data, "-U", "postgres", "--auth=scram-sha-256", "--pwfile=\(passwordFile)", "-E", "UTF8"])
        var port = 0
        var options = ""
        for _ in 0..<5 {
            port = Int.random(in: 20_000..<60_000)
            options = "-k \(directory.path) -c listen_addresses=127.0.0.1 -p \(port) -c fsync=off"
            if (try? await runAsPostgres("pg_ctl", ["-D", data, "-o", options, "-l", "\(directory.path)/log", "-w", "start"])) != nil {
                break
            }
            port = 0
        }
        guard port != 0 else { throw PasswordPostgresServerError(message: "could not start PostgreSQL in \(directory.path)") }
        var failure: (any Error)?
        do {
            try await body(
                PasswordPostgresServer(
                    url: "postgres://postgres:\(password)@127.0.0.1:\(port)/postgres?sslmode=disable", data: data, options: options,
                    log: "\(directory.path)/log"))
        } catch {
            failure = error
        }
        try? await runAsPostgres("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"])
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
                    continuation.resume(throwing: PasswordPostgresServerError(message: "cannot run \(executable): \(spawned)"))
                    return
                }
                var status: Int32 = 0
                while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
                continuation.resume(returning: (status >> 8) & 0xFF)
            }
        }
        guard status == 0 else {
            throw PasswordPostgresServerError(message: "\(executable) \(arguments.first ?? "") exited with \(status)")
        }
    }
}

public struct PasswordPostgresServerError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
