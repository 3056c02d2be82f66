import ArgumentParser

public struct PrextraSync: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "prextra-sync",
        abstract: "Two-way synchronization between the Prextra CRM and Outlook mailboxes.",
        subcommands: [
            ConfigCommand.self,
            DemoCommand.self,
            ManifestCommand.self,
            SyncCommand.self,
            VerifyCommand.self,
            ServeCommand.self,
            StatusCommand.self,
            MailboxesCommand.self,
            MigrateCommand.self,
            OnboardCommand.self,
            StoreCommand.self,
            SimulatorCommand.self,
        ]
    )

    public init() {}
}
