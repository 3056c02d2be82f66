import ArgumentParser

extension PrextraSync {
    /// Parses and runs a command line inside this process with `context` (captured output,
    /// chosen environment variables, a fixed clock), and returns the exit status the
    /// executable would have. Argument errors and help go where the executable sends them.
    public static func run(arguments: [String], context: CommandContext) async -> Int32 {
        await CommandContext.$current.withValue(context) {
            do {
                var command = try parseAsRoot(arguments)
                if var asyncCommand = command as? any AsyncParsableCommand {
                    try await asyncCommand.run()
                } else {
                    try command.run()
                }
                return 0
            } catch {
                let code = exitCode(for: error)
                let message = fullMessage(for: error)
                if !message.isEmpty {
                    if code == .success {
                        context.output.line(message)
                    } else {
                        context.output.errorLine(message)
                    }
                }
                return code.rawValue
            }
        }
    }
}
