import Foundation

/// What a command reads from its surroundings: where to write, the environment variables
/// (for `…Variable` secret references, `LANG`), and the clock.
///
/// It is task-local: the process uses the real ones, tests bind their own with
/// `CommandContext.$current.withValue(…)` (or `PrextraSync.run(arguments:context:)`).
public struct CommandContext: Sendable {
    public var output: CommandOutput
    public var environmentVariables: [String: String]
    public var now: @Sendable () -> Date

    public init(
        output: CommandOutput, environmentVariables: [String: String],
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.output = output
        self.environmentVariables = environmentVariables
        self.now = now
    }

    /// The real process: standard output and error, the process environment, the system clock.
    public static var process: CommandContext {
        CommandContext(output: .process, environmentVariables: ProcessInfo.processInfo.environment)
    }

    @TaskLocal public static var current: CommandContext = .process
}
