import Foundation

/// Runs a child process to its end without blocking Swift's cooperative thread pool.
///
/// Waiting for a process, or reading its pipes to the end, blocks a thread. On a 2-core machine
/// the cooperative pool has two threads: two tests blocking them starve every other test, the
/// in-process simulator the child talks to included, until timeouts fire everywhere. So the
/// waiting happens on threads of its own, and the caller awaits.
public enum ChildProcess {
    public struct Outcome: Sendable {
        public var status: Int32
        public var reason: Process.TerminationReason
        public var standardOutput: String
        /// Empty when standard error was merged into standard output.
        public var standardError: String
    }

    /// Starts `executable` and returns once it has exited and both pipes are read.
    public static func run(
        _ executable: URL, arguments: [String], environment: [String: String]? = nil, mergingErrors: Bool = false
    ) async throws -> Outcome {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                let process = Process()
                process.executableURL = executable
                process.arguments = arguments
                if let environment { process.environment = environment }
                let output = Pipe()
                let errors = mergingErrors ? output : Pipe()
                process.standardOutput = output
                process.standardError = errors
                do {
                    try process.run()
                } catch {
                    continuation.resume(throwing: error)
                    return
                }
                // Both pipes are drained at once, or a child filling one would wait forever.
                let errorsRead = DispatchSemaphore(value: 0)
                nonisolated(unsafe) var errorData = Data()
                if mergingErrors {
                    errorsRead.signal()
                } else {
                    Thread.detachNewThread {
                        errorData = errors.fileHandleForReading.readDataToEndOfFile()
                        errorsRead.signal()
                    }
                }
                let outputData = output.fileHandleForReading.readDataToEndOfFile()
                errorsRead.wait()
                process.waitUntilExit()
                continuation.resume(returning: Outcome(
                    status: process.terminationStatus, reason: process.terminationReason,
                    standardOutput: String(decoding: outputData, as: UTF8.self),
                    standardError: String(decoding: errorData, as: UTF8.self)))
            }
        }
    }

    /// Returns once `process`, already started, has exited.
    public static func exit(of process: Process) async {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                process.waitUntilExit()
                continuation.resume()
            }
        }
    }
}
