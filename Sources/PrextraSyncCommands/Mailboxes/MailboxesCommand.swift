import ArgumentParser

/// `prextra-sync mailboxes add|remove|list`: enrol, disable and list mailboxes in the state store.
struct MailboxesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mailboxes",
        abstract: "Enrol, disable and list the mailboxes of an environment.",
        subcommands: [MailboxesAddCommand.self, MailboxesRemoveCommand.self, MailboxesListCommand.self])
}

/// The options every `mailboxes` subcommand takes.
struct MailboxesOptions: ParsableArguments {
    @Option(help: "The configuration file, e.g. appsettings.json.")
    var config: String

    @Option(help: "The environment (its \"Environment\" name).")
    var environment: String

    @OptionGroup var output: OutputOptions
}
