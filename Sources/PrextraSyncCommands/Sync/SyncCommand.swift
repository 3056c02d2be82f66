import ArgumentParser
import AsyncHTTPClient
import MicrosoftIdentity
import Foundation
import ServiceConfiguration
import SyncEngine
import SyncService
import SyncStore

/// `prextra-sync sync --once [--config F] [--environment E] [--mailbox M] [--json]`: one cycle of
/// every enrolled mailbox (or of one), then a summary.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Synchronize the enrolled mailboxes once and print what each cycle did.",
        discussion: """
        Runs one cycle per enrolled mailbox of every valid environment (or of the one named), all \
        environments at once, with the state store of the configuration. Continuous synchronization \
        is `prextra-sync serve`. Exit status: 0 when every cycle succeeded (or another worker had the \
        mailbox), 1 when one failed, 2 when the configuration or the store cannot be used.
        """
    )

    @Flag(help: "Run one cycle per mailbox and exit.")
    var once = false

    @Option(help: "The configuration file.")
    var config = "appsettings.json"

    @Option(help: "Only this environment (its \"Environment\" name).")
    var environment: String?

    @Option(help: "Only this mailbox (primary SMTP address); needs --environment.")
    var mailbox: String?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard once else {
            throw ValidationError("sync runs one pass: add --once (continuous synchronization is `prextra-sync serve`).")
        }
        if mailbox != nil, environment == nil { throw ValidationError("--mailbox needs --environment.") }
    }

    func run() async throws {
        let context = CommandContext.current
        let showsProgress = !output.json && isatty(STDERR_FILENO) != 0 && isatty(STDOUT_FILENO) != 0
        let outcome = await Self.execute(
            configPath: config, environment: environment, mailbox: mailbox.map { MailboxAddress($0) },
            json: output.json, environmentVariables: context.environmentVariables, now: context.now,
            progress: showsProgress ? ProgressLine.handler : nil)
        if showsProgress { ProgressLine.clear() }
        if !outcome.output.isEmpty {
            if outcome.isError { context.output.errorLine(outcome.output) } else { context.output.line(outcome.output) }
        }
        if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
    }

    /// What `sync --once` prints, where, and its exit status.
    struct Outcome: Sendable {
        var exitCode: Int32
        var output: String
        var isError: Bool
        var runs: [SyncRunSummary] = []
    }

    /// The JSON form of the result.
    struct Report: Encodable {
        var runs: [SyncRunSummary]
        /// Environments that could not be synchronized, and why.
        var unavailable: [String: String]
        /// What `Api: Auto` decided that needs the operator (EWS until Graph roles appear, a move to Graph).
        var notices: [String]
    }

    /// Runs the whole command in-process.
    static func execute(
        configPath: String, environment: String?, mailbox: MailboxAddress?, json: Bool,
        environmentVariables: [String: String] = ProcessInfo.processInfo.environment,
        now: @escaping @Sendable () -> Date = { Date() }, httpClient: HTTPClient = OutboundHTTPClient.shared,
        progress: SyncProgressHandler? = nil
    ) async -> Outcome {
        let loaded: LoadedConfiguration
        do {
            loaded = try ConfigurationLoader(environmentVariables: environmentVariables, now: now())
                .load(contentsOf: URL(fileURLWithPath: configPath))
        } catch {
            return Outcome(exitCode: 2, output: "error: \(error.description)", isError: true)
        }
        if let environment, loaded.environment(named: environment) == nil {
            let known = loaded.environments.map(\.name).joined(separator: ", ")
            return Outcome(
                exitCode: 2,
                output: "error: no usable environment named \(environment) (usable: \(known.isEmpty ? "none" : known)); run `prextra-sync config check`.",
                isError: true)
        }
        let store: any CommandStore
        do {
            store = try await CommandStateStore.open(loaded)
        } catch {
            return Outcome(exitCode: error.exitCode, output: error.description, isError: true)
        }

        let (environments, unavailable, notices) = await SyncEnvironment.environments(
            from: loaded, store: store, httpClient: httpClient, worker: WorkerIdentity.current().description)
        if let environment, let reason = unavailable.first(where: { $0.key.lowercased() == environment.lowercased() })?.value {
            return Outcome(exitCode: 2, output: "error: environment \(environment) cannot be synchronized: \(reason)", isError: true)
        }
        let service = SyncService(
            store: store, environments: environments, settings: SyncService.Settings(settings: loaded.service),
            progress: progress, clock: now)
        var runs: [SyncRunSummary]
        do {
            if let environment, let mailbox {
                await service.prepare()
                runs = [try await service.syncNow(environment: environment, mailbox: mailbox)]
            } else {
                runs = try await service.runOnce(environment: environment)
            }
        } catch {
            return Outcome(exitCode: 2, output: "error: \(error)", isError: true)
        }
        let shownUnavailable = environment == nil ? unavailable : [:]
        let failed = runs.contains { $0.outcome == .failed || $0.outcome == .abandoned }
        let text: String
        if json {
            text = (try? JSONOutput.render(Report(runs: runs, unavailable: shownUnavailable, notices: notices))) ?? "{}"
        } else {
            text = table(runs, unavailable: shownUnavailable) + notices.map { "\nwarning: \($0)" }.joined()
        }
        return Outcome(exitCode: failed ? 1 : 0, output: text, isError: false, runs: runs)
    }

    static func table(_ runs: [SyncRunSummary], unavailable: [String: String]) -> String {
        var table = TextTable(columns: [
            "ENVIRONMENT", "MAILBOX", "OUTCOME", "READ", "OUTLOOK WRITES", "CRM WRITES", "CONFLICTS", "DEFERRED", "NOTE",
        ])
        for run in runs {
            var note = run.error ?? ""
            if !run.fullResyncs.isEmpty {
                note = "full resync of \(run.fullResyncs.map(\.rawValue).joined(separator: ", "))" + (note.isEmpty ? "" : "; \(note)")
            }
            let quarantined = run.failedItems.filter { $0.state == .quarantined }.count
            if !run.failedItems.isEmpty {
                let refused = "\(run.failedItems.count) write(s) refused"
                    + (quarantined > 0 ? ", \(quarantined) quarantined" : "") + " (see status)"
                note = note.isEmpty ? refused : "\(refused); \(note)"
            }
            table.addRow([
                run.environment, run.mailbox.rawValue, run.outcome.rawValue, String(run.itemsRead + run.recordsRead),
                String(run.outlookWrites), String(run.crmWrites), String(run.counts.conflicts), String(run.deferred), note,
            ])
        }
        var text = table.rendered()
        if runs.isEmpty { text += "No enrolled mailbox to synchronize.\n" }
        for (name, reason) in unavailable.sorted(by: { $0.key < $1.key }) {
            text += "Environment \(name) was not synchronized: \(reason)\n"
        }
        return String(text.dropLast())
    }
}

/// One line on the terminal, rewritten as cycles progress.
enum ProgressLine {
    static let handler: SyncProgressHandler = { progress in
        var line = "\(progress.environment) \(progress.mailbox): \(progress.phase.rawValue)"
        if let kind = progress.kind { line += " \(kind.rawValue)" }
        line += ", \(progress.itemsRead) read"
        if progress.writesPlanned > 0 { line += ", \(progress.itemsWritten)/\(progress.writesPlanned) written" }
        FileHandle.standardError.write(Data("\r\u{1B}[2K\(line.prefix(160))".utf8))
    }

    static func clear() { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
}
