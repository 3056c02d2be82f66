import ArgumentParser

/// `prextra-sync config …`: work with the configuration file.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Work with the configuration file (appsettings JSON).",
        subcommands: [ConfigCheckCommand.self, ConfigAcceptCommand.self]
    )
}
