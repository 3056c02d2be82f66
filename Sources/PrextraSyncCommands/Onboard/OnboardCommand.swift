import ArgumentParser

/// `prextra-sync onboard invite`: self-service onboarding of a customer's tenant.
struct OnboardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "onboard",
        abstract: "Invite a customer's IT to enrol their tenant themselves, with no secret sent by e-mail.",
        subcommands: [OnboardInviteCommand.self])
}
