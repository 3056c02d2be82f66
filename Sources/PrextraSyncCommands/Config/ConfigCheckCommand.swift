import ArgumentParser
import Foundation
import ServiceConfiguration

/// `prextra-sync config check <file> [--json]`: validates the file and lists each environment
/// with its status, its masked credential and its problems.
struct ConfigCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate a configuration file and list each environment with its status.",
        discussion: """
        Exit status: 0 when every environment and the service section are valid (warnings \
        allowed), 1 when something has an error (the valid environments would still run), \
        2 when the file itself cannot be read or parsed. Secrets are never printed: a client \
        secret shows as its first three characters and its length, as Entra ID shows it.
        """
    )

    @Argument(help: "The configuration file, e.g. appsettings.json.")
    var file: String

    @OptionGroup var output: OutputOptions
    @OptionGroup var language: MessageLanguageOptions

    /// The file cannot be used at all.
    static let unusableFileExitCode = ExitCode(2)

    func run() async throws {
        let context = CommandContext.current
        let language = language.language(in: context)
        let url = URL(fileURLWithPath: file)
        let loaded: LoadedConfiguration
        do {
            loaded = try ConfigurationLoader(environmentVariables: context.environmentVariables, now: context.now())
                .load(contentsOf: url)
        } catch {
            if output.json {
                context.output.line(try JSONOutput.render(
                    ConfigurationCheckReport.FileFailure(file: url.path, error: error.description(in: language))))
            } else {
                context.output.errorLine("\(language == .french ? "erreur :" : "error:") \(error.description(in: language))")
            }
            throw Self.unusableFileExitCode
        }

        let report = ConfigurationCheckReport(loaded, language: language)
        if output.json {
            context.output.line(try JSONOutput.render(report))
        } else {
            context.output.write(report.humanReadable(in: language))
        }
        if loaded.hasErrors { throw ExitCode.failure }
    }
}
