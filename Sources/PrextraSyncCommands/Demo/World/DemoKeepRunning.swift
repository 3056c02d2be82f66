import Foundation
import ServiceConfiguration
import SyncAPI
import WebPortal

/// `--keep-running`: after the script, the simulator and the service stay up, a sync pass
/// runs every `interval` seconds, and Ctrl-C (SIGINT) or SIGTERM ends it all cleanly.
struct DemoKeepRunning: Sendable {
    /// Where a newcomer (or a test) reaches what keeps running.
    struct Endpoints: Sendable {
        var api: URL
        var apiKey: String
        var simulator: URL
    }

    let sides: [DemoSide]
    let output: CommandOutput
    let interval: Int
    /// Where the HTTP API listens (0: any free port).
    let apiPort: Int
    /// With `--json`, standard output holds only the report: these lines go to standard error.
    var toStandardError = false
    /// Returns when it is time to stop: on Ctrl-C or SIGTERM for the command; when done for a test.
    var waitForStop: @Sendable (Endpoints) async -> Void = { _ in await DemoStopSignal().wait() }

    private func say(_ text: String = "") {
        if toStandardError { output.errorLine(text) } else { output.line(text) }
    }

    func run() async throws {
        // The demo's own API key: shown once, so that the newcomer can call the API.
        let apiKey = "demo-" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let api = try await startAPI(key: apiKey, renderer: try await PageRenderer.load())
        let first = sides[0].world
        say()
        say("Still running. Press Ctrl-C to stop.")
        var table = TextTable(columns: ["what", "where"])
        for side in sides {
            let world = side.world, base = world.baseURL.absoluteString
            let named = sides.count > 1 ? " (\(world.environmentName))" : ""
            table.addRow(["HTTP API (ERP, operators)" + named, api.url.absoluteString + "/v1/environments/\(world.environmentName)/mailboxes"])
            if world.environment.api == .graph {
                table.addRow(["Graph endpoint" + named, base + "/v1.0"])
            } else {
                table.addRow(["EWS endpoint" + named, base + "/EWS/Exchange.asmx"])
            }
            table.addRow(["Token endpoint" + named, base + "/\(world.tenant.tenantID)/oauth2/v2.0/token"])
            table.addRow(["Simulator control API" + named, base + "/control/mailboxes (act as an Outlook user)"])
        }
        table.addRow(["Operator dashboard (sign in with the API key)", api.url.absoluteString + "/dashboard"])
        table.addRow(["API key (this demo only)", apiKey])
        table.addRow(["State store", first.stateDirectory.databasePath])
        table.addRow(["Sync", "every \(interval) s, all \(first.company.employees.count) mailboxes of each environment"])
        for line in table.rendered().split(separator: "\n") { say("  " + line) }
        say("  Try:")
        say("    curl -s -H 'Authorization: Bearer \(apiKey)' \(api.url.absoluteString)/v1/environments/\(first.environmentName)/changes")
        say("    curl -s \(first.baseURL.absoluteString)/control/mailboxes")

        let rounds = sides.map { side in
            DemoSyncRounds(
                driver: side.driver, decisions: DemoDecisionReader(store: side.world.store, environment: side.world.environmentName),
                mailboxes: side.world.company.employees.map(\.address))
        }
        let syncing = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(interval))
                for round in rounds {
                    for mailbox in round.mailboxes where !Task.isCancelled {
                        do { try await round.syncNow(mailbox) } catch { output.errorLine("sync of \(mailbox): \(error)") }
                    }
                }
            }
        }
        await waitForStop(Endpoints(api: api.url, apiKey: apiKey, simulator: first.baseURL))
        syncing.cancel()
        _ = await syncing.value
        await api.server.stop()
        say("Stopped.")
    }

    private func startAPI(key: String, renderer: PageRenderer) async throws -> (server: APIServer, url: URL) {
        func server(port: Int) -> APIServer {
            let keys = [APIKeyConfiguration(name: "demo", key: Secret(key), source: .inline, environments: nil)]
            let served = ServedEnvironments(sides.map(\.world.environmentName))
            let operations = DemoSyncOperations(sides: sides)
            let dashboard = DashboardPortal(
                store: sides[0].world.store, served: served, operations: operations, apiKeys: keys, renderer: renderer,
                transport: TransportPolicy(servesTLS: false), issuer: nil)
            return APIServer(
                configuration: APIServerConfiguration(host: "127.0.0.1", port: port, environments: served.names, apiKeys: keys),
                store: sides[0].world.store, operations: operations, served: served, extensions: [dashboard])
        }
        let preferred = server(port: apiPort)
        if let url = try? await preferred.start() { return (preferred, url) }
        // The port is taken: any free one will do for a demo.
        let fallback = server(port: 0)
        return (fallback, try await fallback.start())
    }
}
