import EnvironmentVerification
import ArgumentParser
import AsyncHTTPClient
import Foundation
import MicrosoftIdentity
import NIOSSL
import ServiceConfiguration
import SyncService

/// `prextra-sync verify --config F --environment E [--mailbox M] [--json] [--lang fr|en]`:
/// what the technical team runs before telling a customer that synchronization works.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check an environment's app registration: a real token, its roles and the credential's expiry.",
        discussion: """
        Exit status: 0 when a token was obtained and carries the roles the environment's API needs \
        (warnings allowed), 1 otherwise (the diagnostics say what to fix), 2 when the configuration \
        file cannot be read. For a Graph environment with Notifications, it also performs Graph's \
        validation handshake on Notifications:Url (a failure there leaves the environment on polling, \
        and still exits 1). Secrets and tokens are never printed.
        """
    )

    @Option(help: "The configuration file, e.g. appsettings.json.")
    var config: String

    @Option(help: "The environment to check (its \"Environment\" name).")
    var environment: String

    @Option(help: "A mailbox (primary SMTP address) to open through impersonation, once EWS checks exist.")
    var mailbox: String?

    @OptionGroup var output: OutputOptions

    @OptionGroup var messages: MessageLanguageOptions

    @Option(name: .customLong("ca-file"), help: "Also trust this CA certificate (PEM), e.g. the simulator's.")
    var caFile: String?

    /// Checks run after the token: EWS today, Graph's when its client exists.
    func run() async throws {
        let context = CommandContext.current
        let language: DiagnosticLanguage = messages.language(in: context) == .french ? .french : .english
        let outcome = await Self.execute(
            configPath: config, environmentName: environment, mailbox: mailbox, json: output.json,
            language: language, trustedCAPath: caFile, environmentVariables: context.environmentVariables,
            clock: IdentityClock(now: context.now, sleep: { try await Task.sleep(for: $0) }))
        if !outcome.output.isEmpty {
            if outcome.isError { context.output.errorLine(outcome.output) } else { context.output.line(outcome.output) }
        }
        if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
    }

    /// Runs the whole command in-process and returns what it would print and its exit status.
    static func execute(
        configPath: String, environmentName: String, mailbox: String?, json: Bool, language: DiagnosticLanguage,
        trustedCAPath: String? = nil, environmentVariables: [String: String] = ProcessInfo.processInfo.environment,
        clock: IdentityClock = .system
    ) async -> VerifyOutcome {
        let loaded: LoadedConfiguration
        do {
            loaded = try ConfigurationLoader(environmentVariables: environmentVariables, now: clock.now())
                .load(contentsOf: URL(fileURLWithPath: configPath))
        } catch {
            return VerifyOutcome(exitCode: 2, output: "error: \(error.description)", isError: true)
        }
        guard var environment = loaded.environment(named: environmentName) else {
            return VerifyOutcome(exitCode: 1, output: unusableEnvironmentMessage(environmentName, in: loaded, language: language), isError: true)
        }

        let httpClient: HTTPClient
        let ownsClient: Bool
        if let trustedCAPath {
            do {
                let pem = try String(contentsOfFile: trustedCAPath, encoding: .utf8)
                var tls = TLSConfiguration.makeClientConfiguration()
                tls.additionalTrustRoots = [.certificates(try NIOSSLCertificate.fromPEMBytes(Array(pem.utf8)))]
                var configuration = OutboundHTTPClient.configuration
                configuration.tlsConfiguration = tls
                httpClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
                ownsClient = true
            } catch {
                return VerifyOutcome(exitCode: 2, output: "error: cannot read the CA certificate \(trustedCAPath): \(error)", isError: true)
            }
        } else {
            httpClient = OutboundHTTPClient.shared
            ownsClient = false
        }

        // Auto is verified as what it decides now, and the decision is a check of its own.
        var choice: AutoAPIChoice?
        if environment.api == .auto {
            let decided = await AutoAPIChoice.choose(
                for: environment, tokenProviders: AccessTokenProviders(endpoint: TokenEndpointClient(httpClient: httpClient)))
            environment.api = decided.api
            choice = decided
        }
        let verifier = EnvironmentVerifier(httpClient: httpClient, clock: clock, language: language, mailboxChecks: EnvironmentVerifier.mailboxChecks(httpClient: httpClient, language: language))
        var report = await verifier.verify(
            environment, mailbox: mailbox, configurationProblems: loaded.report(named: environmentName)?.problems ?? [])
        if let choice {
            let fr = language == .french
            let chosen = "Auto → \(choice.api.configurationName)"
            if let notice = choice.notice(environment: environment.name, french: fr) {
                report.checks.insert(.init(name: "api", status: .warning, detail: "\(chosen): \(notice)"), at: 0)
            } else {
                let why =
                    choice.reason == .onPremises
                    ? (fr ? "EwsUrl sur site" : "on-premises EwsUrl") : (fr ? "le jeton Graph a les rôles" : "the Graph token has the roles")
                report.checks.insert(.init(name: "api", status: .passed, detail: "\(chosen) (\(why))"), at: 0)
            }
        }
        if ownsClient { try? await httpClient.shutdown() }

        let output: String
        if json {
            output = (try? report.json()) ?? "{}"
        } else {
            output = report.text(in: language)
        }
        return VerifyOutcome(exitCode: report.succeeded ? 0 : 1, output: output, isError: false)
    }

    private static func unusableEnvironmentMessage(_ name: String, in loaded: LoadedConfiguration, language: DiagnosticLanguage) -> String {
        let fr = language == .french
        guard let report = loaded.report(named: name) else {
            let known = loaded.environmentReports.compactMap(\.name).joined(separator: ", ")
            return fr
                ? "erreur : aucun environnement nommé \(name) dans la configuration (environnements : \(known.isEmpty ? "aucun" : known))."
                : "error: no environment named \(name) in the configuration (environments: \(known.isEmpty ? "none" : known))."
        }
        var lines = [fr
            ? "erreur : l'environnement \(name) n'est pas utilisable ; corrigez d'abord la configuration :"
            : "error: environment \(name) cannot be used; fix its configuration first:"]
        for problem in report.problems {
            lines.append("  \(problem.description(in: fr ? .french : .english))")
        }
        return lines.joined(separator: "\n")
    }
}

/// What `verify` prints, where, and its exit status.
struct VerifyOutcome: Sendable {
    var exitCode: Int32
    var output: String
    /// Whether `output` goes to standard error (the check could not run) rather than standard output.
    var isError: Bool
}
