import ArgumentParser
import EnvironmentVerification
import Foundation
import SyncAPI
import SyncStore

/// `prextra-sync status --config F [--environment E] [--json]`: every environment's mailboxes,
/// their last sync and last error, the change feed and the webhook backlog, from the state store.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show each environment's mailboxes, last syncs, errors, failed items, change feed and webhook backlog.")

    @Option(help: "The configuration file, e.g. appsettings.json.")
    var config: String

    @Option(help: "Only this environment.")
    var environment: String?

    @OptionGroup var output: OutputOptions

    struct EnvironmentStatus: Encodable {
        var name: String
        /// The API the service last chose (`Api: Auto` decides at each start); nil before it ran.
        var api: APIChoiceRepresentation?
        var changesHead: Int64
        var undeliveredWebhooks: Int
        var mailboxes: [MailboxRepresentation]
        /// Outlook writes the server refused (see `FailedItem`).
        var failures: [FailedItemRepresentation]
        /// `file`, or `onboarding` (enrolled by the customer through an invitation).
        var source: String
        /// When the secret or certificate expires, when known.
        var credentialExpiresAt: Date?
        /// What needs the operator: a credential expiring within 30 days, or expired.
        var alerts: [String]
    }

    struct Status: Encodable {
        var environments: [EnvironmentStatus]
    }

    func run() async throws {
        let context = CommandContext.current
        do {
            let loaded = try CommandStateStore.loadConfiguration(config, context: context)
            let store = try await CommandStateStore.open(loaded)
            defer { store.closeWhenDone() }
            // The file's environments, then those customers onboarded (the file wins a name clash).
            var expiries = Dictionary(
                loaded.environments.map { ($0.name, (source: "file", expiresAt: (try? $0.appRegistration())?.credentialExpiresOn)) },
                uniquingKeysWith: { first, _ in first })
            var names = loaded.environments.map(\.name)
            for onboarded in try await store.onboardedEnvironments() where !names.contains(where: { $0.lowercased() == onboarded.name.lowercased() }) {
                names.append(onboarded.name)
                expiries[onboarded.name] = ("onboarding", onboarded.credentialExpiresAt)
            }
            if let environment {
                if let onboarded = names.first(where: { $0.lowercased() == environment.lowercased() }), expiries[onboarded]?.source == "onboarding" {
                    names = [onboarded]
                } else {
                    names = [try await CommandStateStore.environment(named: environment, in: loaded, store: store).name]
                }
            }
            var status = Status(environments: [])
            let now = context.now()
            for name in names {
                let stored = try await store.environment(name)
                let mailboxes = stored == nil ? [] : try await store.mailboxes(environment: name, state: nil)
                status.environments.append(
                    EnvironmentStatus(
                        name: name, api: stored?.apiChoice.map(APIChoiceRepresentation.init), changesHead: stored?.outlookFeedHead.rawValue ?? 0,
                        undeliveredWebhooks: stored == nil ? 0 : try await store.undeliveredWebhookCount(environment: name),
                        mailboxes: try await MailboxRepresentation.list(mailboxes, environment: name, store: store),
                        failures: stored == nil
                            ? [] : try await store.failedItems(environment: name, mailbox: nil).map(FailedItemRepresentation.init),
                        source: expiries[name]?.source ?? "file", credentialExpiresAt: expiries[name]?.expiresAt ?? nil,
                        alerts: Self.expiryAlerts(name, source: expiries[name]?.source ?? "file", expiresAt: expiries[name]?.expiresAt ?? nil, now: now)))
            }
            if output.json {
                context.output.line(try JSONOutput.render(status))
            } else {
                context.output.write(Self.text(status))
            }
            if status.environments.contains(where: { $0.mailboxes.contains { $0.lastFailure != nil } }) { throw ExitCode(1) }
        } catch let failure as CommandStateStore.Failure {
            context.output.errorLine(failure.description)
            throw ExitCode(failure.exitCode)
        }
    }

    /// A credential within 30 days of expiring (or expired), with how to renew it.
    static func expiryAlerts(_ name: String, source: String, expiresAt: Date?, now: Date) -> [String] {
        let fact = EnvironmentFacts(name: name, api: "", credentialExpiresOn: expiresAt, usesExchangeOnlineEWS: false)
        guard let expiresAt, let days = fact.daysLeft(at: now), days <= EnvironmentFacts.expiryWarningDays else { return [] }
        let renew = source == "onboarding"
            ? "send the customer a renewal link: prextra-sync onboard invite --environment \(name)"
            : "put the new secret or certificate in the configuration"
        let when = expiresAt.formatted(.iso8601)
        return [days < 0 ? "the credential expired on \(when): \(renew)." : "the credential expires in \(days) day(s), on \(when): \(renew)."]
    }

    static func text(_ status: Status) -> String {
        guard !status.environments.isEmpty else { return "No usable environment in the configuration.\n" }
        var text = ""
        for environment in status.environments {
            text += "Environment \(environment.name): \(environment.mailboxes.count) mailbox(es), change feed at \(environment.changesHead), "
                + "\(environment.undeliveredWebhooks) webhook(s) waiting\n"
            for alert in environment.alerts { text += "  alert: \(alert)\n" }
            if let api = environment.api {
                text += "  API: \(api.api == "graph" ? "Microsoft Graph" : "EWS")"
                    + (api.automatic ? " (chosen by Api: Auto at the service's start, \(api.decidedAt.formatted(.iso8601)))" : " (configured)") + "\n"
                for line in api.notice?.split(separator: "\n") ?? [] { text += "  warning: \(line)\n" }
            }
            if environment.mailboxes.isEmpty {
                text += "  no mailboxes enrolled\n\n"
                continue
            }
            var table = TextTable(columns: ["MAILBOX", "STATE", "HELD BY", "LAST SUCCESS", "ITEMS", "FAILED", "LAST ERROR"])
            for mailbox in environment.mailboxes {
                table.addRow([
                    mailbox.address, mailbox.state, mailbox.heldBy ?? "-", mailbox.lastSuccessAt.map { $0.formatted(.iso8601) } ?? "never",
                    String(mailbox.itemCounts.values.reduce(0, +)), String(mailbox.failedItems),
                    mailbox.lastFailure.map { $0.message + ($0.diagnostic.map { " (\($0))" } ?? "") } ?? "",
                ])
            }
            text += table.rendered() + "\n"
            if !environment.failures.isEmpty {
                text += "Failed items (retry or dismiss them through /v1/environments/\(environment.name)/failures):\n"
                for failure in environment.failures {
                    text += "  #\(failure.id) \(failure.mailbox) \(failure.entity) \(failure.recordId): \(failure.operation) refused, "
                        + "\(failure.code), \(failure.state) after \(failure.attempts) attempt(s). \(failure.remedy)\n"
                }
                text += "\n"
            }
        }
        return text
    }
}
