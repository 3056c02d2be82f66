import ArgumentParser
import Foundation
import SyncService

/// `prextra-sync config accept --config F --environment E`: the operator confirms a change of
/// an environment's settings that `serve` and `sync` refuse on their own (another `TenantId`
/// while links exist).
struct ConfigAcceptCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accept",
        abstract: "Confirm an environment's changed settings (another TenantId) so that serve and sync start it again.",
        discussion: """
            Records the environment's settings as they are in the file, and makes every mailbox's next cycle \
            re-read its folders from the start, re-finding the items by their tags. Use it only when the \
            mailboxes moved to the new tenant with their items: an item the next cycle does not find is taken \
            for deleted by its user, and its deletion follows the environment's policy.
            """)

    @Option(help: "The configuration file, e.g. appsettings.json.")
    var config: String

    @Option(help: "The environment whose settings to accept.")
    var environment: String

    func run() async throws {
        let context = CommandContext.current
        do {
            let loaded = try CommandStateStore.loadConfiguration(config, context: context)
            let store = try await CommandStateStore.open(loaded)
            defer { store.closeWhenDone() }
            let configuration = try await CommandStateStore.environment(named: environment, in: loaded, store: store)
            let changes = try await ConfigurationChangeCheck.accept(configuration, store: store)
            if changes.isEmpty {
                context.output.line("Environment \(configuration.name): settings recorded (nothing had changed).")
            } else {
                context.output.line("Environment \(configuration.name): accepted")
                for change in changes { context.output.line("  \(change)") }
            }
            context.output.line("Its mailboxes' next cycles re-read every folder and re-find the items by their tags.")
        } catch let failure as CommandStateStore.Failure {
            context.output.errorLine(failure.description)
            throw ExitCode(failure.exitCode)
        } catch {
            context.output.errorLine("error: the settings of \(environment) could not be accepted: \(error)")
            throw ExitCode(1)
        }
    }
}
