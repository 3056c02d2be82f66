import ArgumentParser
import AsyncHTTPClient
import Foundation
import MicrosoftIdentity
import NIOSSL
import ServiceConfiguration

/// `prextra-sync verify --config F --environment E [--mailbox M] [--json] [--lang fr|en]`:
/// what the technical team runs before telling a customer that synchronization works.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check an environment's app registration: a real token, its roles and the credential's expiry.",
        discussion: """
        Exit status: 0 when a token was obtained and carries the roles the environment's API needs \
        (warnings allowed), 1 otherwise (the diagnostics say what to fix), 2 when the configuration \
        file cannot be read. Secrets and tokens are never printed.
        """
    )

    @Option(help: "The configuration file, e.g. appsettings.json.")
    var config: String

    @Option(help: "The environment to check (its \"Environment\" name).")
    var environment: String

    @Option(help: "A mailbox (primary SMTP address) to open through impersonation, once EWS checks exist.")
    var mailbox: String?

    @Flag(help: "Print the report as JSON.")
    var json = false

    @Option(help: "Language of the diagnostics: fr or en (default: from LANG).")
    var lang: String?

    @Option(name: .customLong("ca-file"), help: "Also trust this CA certificate (PEM), e.g. the simulator's.")
    var caFile: String?

    /// Checks run after the token: the extension point for the EWS (and later Graph) checks.
    static var mailboxChecks: [any VerifyMailboxCheck] { [] }

    func validate() throws {
        if let lang, DiagnosticLanguage(rawValue: lang.lowercased()) == nil {
            throw ValidationError("--lang must be fr or en")
        }
    }

    func run() async throws {
        let outcome = await Self.execute(
            configPath: config, environmentName: environment, mailbox: mailbox, json: json,
            language: lang.flatMap { DiagnosticLanguage(rawValue: $0.lowercased()) } ?? .fromEnvironment(),
            trustedCAPath: caFile)
        if !outcome.output.isEmpty { print(outcome.output) }
        if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
    }

    /// Runs the whole command in-process and returns what it would print and its exit status.
    static func execute(
        configPath: String, environmentName: String, mailbox: String?, json: Bool, language: DiagnosticLanguage,
        trustedCAPath: String? = nil, environmentVariables: [String: String] = ProcessInfo.processInfo.environment,
        clock: IdentityClock = .system
    ) async -> (exitCode: Int32, output: String) {
        let loaded: LoadedConfiguration
        do {
            loaded = try ConfigurationLoader(environmentVariables: environmentVariables, now: clock.now())
                .load(contentsOf: URL(fileURLWithPath: configPath))
        } catch {
            return (2, "error: \(error.description)")
        }
        guard let environment = loaded.environment(named: environmentName) else {
            return (1, unusableEnvironmentMessage(environmentName, in: loaded, language: language))
        }

        let httpClient: HTTPClient
        let ownsClient: Bool
        if let trustedCAPath {
            do {
                let pem = try String(contentsOfFile: trustedCAPath, encoding: .utf8)
                var tls = TLSConfiguration.makeClientConfiguration()
                tls.additionalTrustRoots = [.certificates(try NIOSSLCertificate.fromPEMBytes(Array(pem.utf8)))]
                var configuration = HTTPClient.Configuration()
                configuration.tlsConfiguration = tls
                httpClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
                ownsClient = true
            } catch {
                return (2, "error: cannot read the CA certificate \(trustedCAPath): \(error)")
            }
        } else {
            httpClient = .shared
            ownsClient = false
        }

        let verifier = EnvironmentVerifier(httpClient: httpClient, clock: clock, language: language, mailboxChecks: mailboxChecks)
        let report = await verifier.verify(environment, mailbox: mailbox)
        if ownsClient { try? await httpClient.shutdown() }

        let output: String
        if json {
            output = (try? report.json()) ?? "{}"
        } else {
            output = report.text(in: language)
        }
        return (report.succeeded ? 0 : 1, output)
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
            lines.append("  [\(problem.severity)] \(problem.key) \(problem.message)")
            lines.append("    fix: \(problem.fix)")
        }
        return lines.joined(separator: "\n")
    }
}
