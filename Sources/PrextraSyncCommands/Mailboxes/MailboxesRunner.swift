import ArgumentParser
import Foundation
import SyncAPI
import SyncEngine
import SyncStore

/// Opens the store, runs a `mailboxes` subcommand's work, prints the mailboxes it returns.
enum MailboxesRunner {
    static func run(
        _ options: MailboxesOptions, _ work: (any SyncStore, String) async throws -> [MailboxStatus]
    ) async throws {
        let context = CommandContext.current
        do {
            let loaded = try CommandStateStore.loadConfiguration(options.config, context: context)
            let store = try await CommandStateStore.open(loaded)
            defer { store.closeWhenDone() }
            let environment = try await CommandStateStore.environment(named: options.environment, in: loaded, store: store)
            let mailboxes = try await work(store, environment.name)
            if options.output.json {
                let representations = try await MailboxRepresentation.list(mailboxes, environment: environment.name, store: store)
                context.output.write(try JSONOutput.render(representations) + "\n")
            } else {
                context.output.write(table(mailboxes))
            }
        } catch let failure as CommandStateStore.Failure {
            context.output.errorLine(failure.description)
            throw ExitCode(failure.exitCode)
        }
    }

    static func table(_ mailboxes: [MailboxStatus]) -> String {
        guard !mailboxes.isEmpty else { return "No mailboxes.\n" }
        var table = TextTable(columns: ["MAILBOX", "STATE", "LAST SUCCESS", "CONTACTS", "APPOINTMENTS", "TASKS", "FAILED", "LAST ERROR"])
        for mailbox in mailboxes {
            table.addRow([
                mailbox.address.rawValue, mailbox.state.rawValue,
                mailbox.lastSuccessAt.map { $0.formatted(.iso8601) } ?? "never",
                String(mailbox.itemCounts[.contact] ?? 0), String(mailbox.itemCounts[.appointment] ?? 0),
                String(mailbox.itemCounts[.task] ?? 0), String(mailbox.failedItems), mailbox.lastFailure?.message ?? "",
            ])
        }
        return table.rendered()
    }
}
