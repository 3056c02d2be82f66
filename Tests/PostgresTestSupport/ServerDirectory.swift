import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The throwaway server's directory: `/tmp/prextra-pg-<test process id>-<random>`, holding the
/// data directory, the Unix socket and the server log.
///
/// Under `/tmp` (not `$TMPDIR`) because the `postgres` user must reach it and a Unix socket's
/// path has at most 107 bytes. The process id in the name lets a later run tell that the
/// directory's owner is gone: a run killed by `timeout` or `kill -9` leaves one behind, with
/// perhaps its server, and the next run stops that server and removes the directory.
struct ServerDirectory: Sendable {
    static let parent = "/tmp"
    static let prefix = "prextra-pg-"

    let path: String

    var dataDirectory: String { path + "/data" }
    var logFile: String { path + "/server.log" }
    /// The Unix socket's directory (`unix_socket_directories`, `pg_ctl -k`).
    var socketDirectory: String { path }

    /// A new, empty directory named after this process.
    static func create() throws -> ServerDirectory {
        let suffix = UUID().uuidString.prefix(8).lowercased()
        let directory = ServerDirectory(path: "\(parent)/\(prefix)\(getpid())-\(suffix)")
        try FileManager.default.createDirectory(
            atPath: directory.path, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        return directory
    }

    /// The process id of the server running on this directory's data, from `postmaster.pid`,
    /// if that process still runs this data directory.
    var runningServerProcess: pid_t? {
        guard let contents = try? String(contentsOfFile: dataDirectory + "/postmaster.pid", encoding: .utf8),
            let first = contents.split(separator: "\n").first, let pid = pid_t(first)
        else { return nil }
        let commandLine = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline"))) ?? Data()
        let arguments = String(decoding: commandLine, as: UTF8.self).replacingOccurrences(of: "\0", with: " ")
        return arguments.contains(dataDirectory) ? pid : nil
    }

    /// Stops the server at once (immediate shutdown), waits until it is gone, removes the directory.
    func stopServerAndRemove() {
        if let server = runningServerProcess {
            kill(server, SIGQUIT)
            for _ in 0..<500 where kill(server, 0) == 0 { usleep(20_000) }
        }
        try? FileManager.default.removeItem(atPath: path)
    }

    /// The directories left by test processes that no longer exist.
    static func abandoned() -> [ServerDirectory] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []
        return names.compactMap { name in
            guard name.hasPrefix(prefix),
                let owner = name.dropFirst(prefix.count).split(separator: "-").first.flatMap({ pid_t($0) }),
                owner != getpid(), kill(owner, 0) != 0, errno == ESRCH
            else { return nil }
            return ServerDirectory(path: "\(parent)/\(name)")
        }
    }
}
