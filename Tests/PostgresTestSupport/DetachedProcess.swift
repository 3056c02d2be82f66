import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Starts a program that leaves something running behind it (`pg_ctl start` leaves the server,
/// `setsid -f` the watchdog) without `Foundation.Process`.
///
/// `Process` learns that a child ended when a descriptor the child inherited closes. A server the
/// child leaves behind inherits that descriptor too, so `Process` would wait for the server's end.
/// Here every descriptor above standard error is closed in the child, and the caller waits with
/// `waitpid` on a thread of its own (never on the cooperative pool).
enum DetachedProcess {
    /// Runs `executable` with `arguments`, standard input from /dev/null and both outputs
    /// appended to `outputFile`, and returns its exit status once it has exited.
    static func run(_ executable: String, _ arguments: [String], outputFile: String) async throws -> Int32 {
        let pid = try spawn(executable, arguments, outputFile: outputFile)
        return await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var status: Int32 = 0
                while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
                let exited = (status & 0x7f) == 0
                continuation.resume(returning: exited ? (status >> 8) & 0xff : -1)
            }
        }
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+), which Swift's Glibc module does
    /// not export; else a close action for each descriptor open now.
    private static func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) {
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") {
            _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
            return
        }
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for descriptor in open.compactMap({ Int32($0) }) where descriptor > 2 {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
    }

    private static func spawn(_ executable: String, _ arguments: [String], outputFile: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputFile, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        closeInheritedDescriptors(&actions)

        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard result == 0 else {
            throw PostgresTestServerError.programFailed(program: executable, status: result, output: String(cString: strerror(result)))
        }
        return pid
    }
}
