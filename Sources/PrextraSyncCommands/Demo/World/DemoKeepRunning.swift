import Foundation

/// `--keep-running`: after the script, the simulator and the service stay up, a sync pass
/// runs every `interval` seconds, and Ctrl-C (SIGINT) or SIGTERM ends it all cleanly.
struct DemoKeepRunning: Sendable {
    let world: DemoWorld
    let driver: any DemoSyncDriver
    let output: CommandOutput
    let interval: Int

    func run() async throws {
        let base = world.baseURL.absoluteString
        output.line()
        output.line("Still running. Press Ctrl-C to stop.")
        var table = TextTable(columns: ["what", "where"])
        table.addRow(["EWS endpoint", base + "/EWS/Exchange.asmx"])
        table.addRow(["Token endpoint", base + "/\(world.tenant.tenantID)/oauth2/v2.0/token"])
        table.addRow(["Simulator control API", base + "/control/mailboxes (act as an Outlook user)"])
        table.addRow(["State store", world.stateDirectory.databasePath])
        table.addRow(["Sync", "every \(interval) s, all \(world.company.employees.count) mailboxes"])
        for line in table.rendered().split(separator: "\n") { output.line("  " + line) }
        output.line("  Try: curl -s \(base)/control/mailboxes")

        let stop = DemoStopSignal()
        let rounds = DemoSyncRounds(
            driver: driver, decisions: DemoDecisionReader(store: world.store, environment: world.environmentName),
            mailboxes: world.company.employees.map(\.address))
        let syncing = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(interval))
                if Task.isCancelled { break }
                for mailbox in rounds.mailboxes where !Task.isCancelled {
                    do { try await rounds.syncNow(mailbox) } catch { output.errorLine("sync of \(mailbox): \(error)") }
                }
            }
        }
        await stop.wait()
        syncing.cancel()
        _ = await syncing.value
        output.line("Stopped.")
    }
}
