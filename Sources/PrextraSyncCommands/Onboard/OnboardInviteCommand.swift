import ArgumentParser
import Foundation
import Onboarding
import ServiceConfiguration
import SyncStore

/// `prextra-sync onboard invite --config F --environment NAME [--lang fr|en] [--days 7]`: prints
/// a link the customer's IT opens to enrol their tenant; usable once, until it expires. Only the
/// digest of its token is stored, so the link is shown once, here.
struct OnboardInviteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invite", abstract: "Print a single-use onboarding link for an environment (valid 7 days by default).")

    @Option(help: "The configuration file, e.g. appsettings.json.")
    var config: String

    @Option(help: "The environment the customer enrols: the name the ERP uses for them.")
    var environment: String

    @Option(help: "The language of the guide the customer sees: fr or en.")
    var lang = "fr"

    @Option(help: "Days the link stays usable, 1 to 30.")
    var days = 7

    @OptionGroup var output: OutputOptions

    struct Invitation: Encodable {
        var environment: String
        var language: String
        var link: String
        var expiresAt: Date
        var notice: String?
    }

    func run() async throws {
        let context = CommandContext.current
        do {
            let loaded = try CommandStateStore.loadConfiguration(config, context: context)
            guard let publicURL = loaded.service.publicURL else {
                throw CommandStateStore.Failure(
                    description: "error: PrextraSync:PublicUrl is not set: the link needs the address customers reach the service at. "
                        + "Add \"PublicUrl\": \"https://sync.example.com\" to the PrextraSync section.",
                    exitCode: 2)
            }
            guard loaded.service.secretsKey != nil else {
                throw CommandStateStore.Failure(
                    description: "error: PrextraSync:SecretsKey is not set: the credential the customer gives must be sealed before it is stored. "
                        + "Make a key with openssl rand -base64 32 > secrets.key and add \"SecretsKeyFile\": \"secrets.key\" to the PrextraSync section.",
                    exitCode: 2)
            }
            let store = try await CommandStateStore.open(loaded)
            defer { store.closeWhenDone() }
            let issued: (link: URL, invitation: OnboardingInvitation)
            do {
                issued = try await InvitationIssuer(store: store, publicURL: publicURL, clock: context.now)
                    .invite(environment: environment, language: lang, validFor: .seconds(days * 86_400))
            } catch let failure as InvitationIssuer.Failure {
                throw CommandStateStore.Failure(description: "error: \(failure)", exitCode: 2)
            }
            let clash = loaded.environments.contains { $0.name.lowercased() == issued.invitation.environment.lowercased() }
            let notice = clash
                ? "The configuration file already has an environment named \(issued.invitation.environment): it keeps working, and it wins over what the customer enrols under that name. Choose another name unless you mean to move it."
                : nil
            let invitation = Invitation(
                environment: issued.invitation.environment, language: issued.invitation.language, link: issued.link.absoluteString,
                expiresAt: issued.invitation.expiresAt, notice: notice)
            if output.json {
                context.output.line(try JSONOutput.render(invitation))
            } else {
                context.output.line("Onboarding link for \(invitation.environment) (\(invitation.language == "fr" ? "French" : "English"), usable once, until \(invitation.expiresAt.formatted(.iso8601))):")
                context.output.line("  \(invitation.link)")
                context.output.line("Send it to the customer's IT. It is shown only now: the service keeps a digest of it, not the link.")
                if let notice { context.output.line("warning: \(notice)") }
            }
        } catch let failure as CommandStateStore.Failure {
            context.output.errorLine(failure.description)
            throw ExitCode(failure.exitCode)
        }
    }
}
