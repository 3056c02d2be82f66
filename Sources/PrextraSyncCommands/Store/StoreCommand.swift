import ArgumentParser

/// `prextra-sync store copy`: operations on a state store as a whole.
struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store", abstract: "Operations on a state store as a whole.", subcommands: [StoreCopyCommand.self])
}
