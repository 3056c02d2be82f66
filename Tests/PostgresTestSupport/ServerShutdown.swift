import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Makes sure the throwaway server does not outlive the test process.
///
/// - A normal exit (`swift test` ends) runs an `atexit` handler that stops the server and waits
///   until it is gone.
/// - A killed process (`timeout`, `kill -9`) runs no handler: a watchdog shell, in a session of
///   its own so that a signal to the test's process group spares it, polls the test process
///   every second and then stops the server and removes its directory.
/// - Should the watchdog die too, the next run removes what is left (``ServerDirectory/abandoned()``).
enum ServerShutdown {
    private static let directoryToStop = Mutex<ServerDirectory?>(nil)

    static func register(_ directory: ServerDirectory) {
        let first = directoryToStop.withLock { current in
            defer { current = directory }
            return current == nil
        }
        if first {
            atexit { ServerShutdown.stopAtExit() }
        }
        startWatchdog(for: directory)
    }

    private static func stopAtExit() {
        directoryToStop.withLock { $0 }?.stopServerAndRemove()
    }

    private static func startWatchdog(for directory: ServerDirectory) {
        let script = """
            while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done
            if [ -f '\(directory.dataDirectory)/postmaster.pid' ]; then
                kill -QUIT "$(head -n 1 '\(directory.dataDirectory)/postmaster.pid')" 2>/dev/null; sleep 3
            fi
            rm -rf '\(directory.path)'
            """
        // `setsid -f` forks the watchdog into a session of its own and exits at once.
        let setsid = ["/usr/bin/setsid", "/bin/setsid"].first { FileManager.default.isExecutableFile(atPath: $0) }
        let (program, arguments) = setsid.map { ($0, ["-f", "/bin/sh", "-c", script]) } ?? ("/bin/sh", ["-c", script + " &"])
        // Without a watchdog the atexit handler still stops the server on a normal exit.
        Task { _ = try? await DetachedProcess.run(program, arguments, outputFile: "/dev/null") }
    }
}
