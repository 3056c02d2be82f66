import Foundation
import Synchronization

/// Where a command writes: standard output for results, standard error for diagnostics.
///
/// Commands never call `print` directly; they write through `CommandContext.current.output`,
/// so that tests can run a command in-process and capture exactly what it printed.
public struct CommandOutput: Sendable {
    private let writeToStandardOutput: @Sendable (String) -> Void
    private let writeToStandardError: @Sendable (String) -> Void

    public init(
        standardOutput: @escaping @Sendable (String) -> Void, standardError: @escaping @Sendable (String) -> Void
    ) {
        writeToStandardOutput = standardOutput
        writeToStandardError = standardError
    }

    /// The process's own standard output and error.
    public static let process = CommandOutput(
        standardOutput: { FileHandle.standardOutput.write(Data($0.utf8)) },
        standardError: { FileHandle.standardError.write(Data($0.utf8)) })

    /// Writes `text` and a newline to standard output.
    public func line(_ text: String = "") { writeToStandardOutput(text + "\n") }

    /// Writes `text` as is to standard output.
    public func write(_ text: String) { writeToStandardOutput(text) }

    /// Writes `text` and a newline to standard error.
    public func errorLine(_ text: String) { writeToStandardError(text + "\n") }
}

/// Collects what a command writes, for tests.
public final class CapturedCommandOutput: Sendable {
    private let buffers = Mutex<(standardOutput: String, standardError: String)>(("", ""))

    public init() {}

    public var output: CommandOutput {
        CommandOutput(
            standardOutput: { text in self.buffers.withLock { $0.standardOutput += text } },
            standardError: { text in self.buffers.withLock { $0.standardError += text } })
    }

    public var standardOutput: String { buffers.withLock { $0.standardOutput } }
    public var standardError: String { buffers.withLock { $0.standardError } }
}
