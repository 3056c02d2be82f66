import ArgumentParser

public struct PrextraSync: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "prextra-sync",
        abstract: "Two-way synchronization between the Prextra CRM and Outlook mailboxes.",
        subcommands: [
            ConfigCommand.self,
            ManifestCommand.self,
            SyncCommand.self,
            VerifyCommand.self,
            SimulatorCommand.self,
        ]
    )

    public init() {}
}
