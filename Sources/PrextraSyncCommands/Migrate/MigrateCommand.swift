import ArgumentParser
import AsyncHTTPClient
import Foundation
import MicrosoftIdentity
import ServiceConfiguration
import SyncEngine
import SyncService
import SyncStore

/// `prextra-sync migrate --environment NAME --to graph [--dry-run] [--config F] [--json]`: moves an
/// environment's synchronization state from EWS to Microsoft Graph, writing to neither side.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Move an environment from EWS to Microsoft Graph without writing to the CRM or to Outlook.",
        discussion: """
        For every enrolled mailbox: the EWS ids of its links are translated to Graph ids \
        (translateExchangeIds), and its folders' EWS sync states are dropped, so that the first Graph \
        cycle reads each folder once and finds every item under its own id. Links, bases and pending \
        creates are kept; each moved link is in the decision log. Stop `serve` first (an EWS cycle \
        after the move would find the items again by their tags and undo it). A mailbox moves in one \
        transaction under its lease (one that another worker holds is reported busy and left for a \
        later run); running the command again after a crash or a busy mailbox finishes the move. Then \
        set "Api": "Graph" for the environment and start `serve`. Needs the Graph application roles (prextra-sync manifest \
        --api graph). Exit status: 0 when every mailbox moved, 1 when one was busy or failed, 2 when \
        the configuration or the store cannot be used.
        """
    )

    @Option(help: "The configuration file.")
    var config = "appsettings.json"

    @Option(help: "The environment to move (its \"Environment\" name).")
    var environment: String

    @Option(help: "The API to move to: graph.")
    var to: String

    @Flag(help: "Translate and count, but store nothing.")
    var dryRun = false

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard to.lowercased() == "graph" else {
            throw ValidationError("--to graph is the only move there is (from EWS to Microsoft Graph).")
        }
    }

    func run() async throws {
        let context = CommandContext.current
        let errors = context.output
        var progress: (@Sendable (String) -> Void)?
        if !output.json { progress = { @Sendable line in errors.errorLine(line) } }
        let outcome = await Self.execute(
            configPath: config, environment: environment, dryRun: dryRun, json: output.json, context: context, progress: progress)
        if !outcome.output.isEmpty {
            if outcome.exitCode == 2 { context.output.errorLine(outcome.output) } else { context.output.line(outcome.output) }
        }
        if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
    }

    struct Outcome: Sendable {
        var exitCode: Int32
        var output: String
        var reports: [GraphMigration.MailboxReport] = []
    }

    struct Report: Encodable {
        var environment: String
        var dryRun: Bool
        var mailboxes: [GraphMigration.MailboxReport]
        var failures: [String: String]
    }

    /// Runs the whole command in-process.
    static func execute(
        configPath: String, environment name: String, dryRun: Bool, json: Bool, context: CommandContext,
        httpClient: HTTPClient = OutboundHTTPClient.shared, progress: (@Sendable (String) -> Void)? = nil
    ) async -> Outcome {
        let loaded: LoadedConfiguration
        let store: any CommandStore
        let environment: EnvironmentConfiguration
        do {
            loaded = try CommandStateStore.loadConfiguration(configPath, context: context)
            store = try await CommandStateStore.open(loaded)
        } catch {
            return Outcome(exitCode: 2, output: error.description)
        }
        do {
            environment = try await CommandStateStore.environment(named: name, in: loaded, store: store)
        } catch let failure as CommandStateStore.Failure {
            return Outcome(exitCode: 2, output: failure.description)
        } catch {
            return Outcome(exitCode: 2, output: "error: \(error)")
        }
        let connector: GraphMailboxConnector
        do {
            connector = try GraphMailboxConnector(
                environment: environment, httpClient: httpClient,
                tokenProviders: AccessTokenProviders(endpoint: TokenEndpointClient(httpClient: httpClient)))
        } catch {
            return Outcome(exitCode: 2, output: "error: environment \(environment.name): \(error)")
        }
        let migration = GraphMigration(
            store: store, client: connector.client, environment: environment.name, worker: WorkerIdentity.current().description)
        let mailboxes: [MailboxStatus]
        do {
            mailboxes = try await store.mailboxes(environment: environment.name, state: nil)
        } catch {
            return Outcome(exitCode: 2, output: "error: \(error)")
        }
        var reports: [GraphMigration.MailboxReport] = []
        var failures: [String: String] = [:]
        for (index, mailbox) in mailboxes.enumerated() {
            progress?("[\(index + 1)/\(mailboxes.count)] \(mailbox.address)")
            do {
                reports.append(try await migration.migrate(mailbox.address, dryRun: dryRun))
            } catch {
                failures[mailbox.address.rawValue] = "\(error)"
            }
        }
        let incomplete = !failures.isEmpty || reports.contains(where: \.busy)
        let text: String
        if json {
            text =
                (try? JSONOutput.render(Report(environment: environment.name, dryRun: dryRun, mailboxes: reports, failures: failures)))
                ?? "{}"
        } else {
            var table = TextTable(columns: ["MAILBOX", "LINKS MOVED", "LEFT AS THEY ARE", "CURSORS DROPPED", "NOTE"])
            for report in reports {
                table.addRow([
                    report.mailbox.rawValue, "\(report.translated)", "\(report.untranslated)", "\(report.cursorsDropped)",
                    report.busy ? "busy: another worker holds it; run again once it is free" : "",
                ])
            }
            for (address, failure) in failures.sorted(by: { $0.key < $1.key }) { table.addRow([address, "", "", "", "failed: \(failure)"]) }
            let verdict =
                dryRun
                ? "Dry run: nothing was stored."
                : incomplete
                    ? "Not every mailbox moved: run the command again."
                    : "Every mailbox moved. Now set \"Api\": \"Graph\" for \(environment.name) and restart serve."
            text = table.rendered() + "\n" + verdict
        }
        return Outcome(exitCode: incomplete ? 1 : 0, output: text, reports: reports)
    }
}
