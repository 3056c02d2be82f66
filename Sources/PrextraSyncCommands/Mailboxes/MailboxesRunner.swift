import ArgumentParser
import Foundation
import SyncEngine
import SyncStore

/// Opens the store, runs a `mailboxes` subcommand's work, prints the mailboxes it returns.
enum MailboxesRunner {
    static func run(
        _ options: MailboxesOptions, _ work: (SQLiteSyncStore, String) async throws -> [MailboxStatus]
    ) async throws {
        let context = CommandContext.current
        do {
            let loaded = try CommandStateStore.loadConfiguration(options.config, context: context)
            let store = try CommandStateStore.open(loaded)
            defer { try? store.close() }
            let environment = try await CommandStateStore.environment(named: options.environment, in: loaded, store: store)
            let mailboxes = try await work(store, environment.name)
            context.output.write(options.output.json ? try JSONOutput.render(mailboxes.map(MailboxRow.init)) + "\n" : table(mailboxes))
        } catch let failure as CommandStateStore.Failure {
            context.output.errorLine(failure.description)
            throw ExitCode(failure.exitCode)
        }
    }

    static func table(_ mailboxes: [MailboxStatus]) -> String {
        guard !mailboxes.isEmpty else { return "No mailboxes.\n" }
        var table = TextTable(columns: ["MAILBOX", "STATE", "LAST SUCCESS", "CONTACTS", "APPOINTMENTS", "TASKS", "LAST ERROR"])
        for mailbox in mailboxes {
            table.addRow([
                mailbox.address.rawValue, mailbox.state.rawValue,
                mailbox.lastSuccessAt.map { $0.formatted(.iso8601) } ?? "never",
                String(mailbox.itemCounts[.contact] ?? 0), String(mailbox.itemCounts[.appointment] ?? 0),
                String(mailbox.itemCounts[.task] ?? 0), mailbox.lastFailure?.message ?? "",
            ])
        }
        return table.rendered()
    }
}

/// A mailbox in `--json` output.
struct MailboxRow: Encodable {
    var environment: String
    var address: String
    var state: String
    var enrolledAt: Date
    var lastAttemptAt: Date?
    var lastSuccessAt: Date?
    var lastError: String?
    var lastErrorDiagnostic: String?
    var itemCounts: [String: Int]

    init(_ status: MailboxStatus) {
        environment = status.environment
        address = status.address.rawValue
        state = status.state.rawValue
        enrolledAt = status.enrolledAt
        lastAttemptAt = status.lastAttemptAt
        lastSuccessAt = status.lastSuccessAt
        lastError = status.lastFailure?.message
        lastErrorDiagnostic = status.lastFailure?.diagnostic
        var counts: [String: Int] = [:]
        for kind in EntityKind.allCases { counts[kind.rawValue] = status.itemCounts[kind] ?? 0 }
        itemCounts = counts
    }
}
