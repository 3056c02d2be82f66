import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Runs an executable and kills it with SIGKILL (`kill -9`) as soon as its standard error
/// contains `marker`: a crash at a chosen point of a real process.
public enum ProcessKilledAtMarker {
    public struct Outcome: Sendable {
        public var reason: Process.TerminationReason
        public var standardOutput: String
        public var standardError: String
    }

    public static func run(_ executable: URL, _ arguments: [String], environment: [String: String], marker: String) async throws -> Outcome {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, given in given }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let pid = process.processIdentifier
        let seen = Mutex("")
        // Standard output is read meanwhile too, so that a full pipe never blocks the child.
        let standardOutput = Task.detached { String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            Thread.detachNewThread {
                var killed = false
                while true {
                    let data = errors.fileHandleForReading.availableData
                    if data.isEmpty { break }
                    let text = seen.withLock { $0 += String(decoding: data, as: UTF8.self); return $0 }
                    if !killed, text.contains(marker) {
                        kill(pid, SIGKILL)
                        killed = true
                    }
                }
                continuation.resume()
            }
        }
        await ChildProcess.exit(of: process)
        return Outcome(reason: process.terminationReason, standardOutput: await standardOutput.value, standardError: seen.withLock { $0 })
    }
}
