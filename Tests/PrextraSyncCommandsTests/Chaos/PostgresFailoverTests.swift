import ChildProcessSupport
import ExchangeSimulator
import Foundation
import HTTPTestSupport
import PostgresTestSupport
import SimulatorTestSupport
import SyncEngine
import SyncService
import SyncStore
import Testing

/// Issue 15's failover test: three real `serve` processes on one PostgreSQL database share eight
/// mailboxes while the ERP pushes records (through any of them) and users edit in Outlook. The
/// worker holding the most mailboxes is killed with `kill -9` in the middle of a cycle. Each worker
/// runs as if on a machine of its own (`PREXTRA_WORKER_HOST`), so the others learn of the death
/// only when its membership lapses (20 s), as for a lost machine. Its mailboxes must continue on
/// the others within about 30 s;
/// at the end, with the survivors stopped and `sync --once` settling both sides, nothing is
/// duplicated or lost, and every webhook event reached the receiver, repeated at most with the
/// same id and body. Seeded: `PREXTRA_FAILOVER_SEED` replays a run. It prints its figures.
@Suite(
    "PostgreSQL failover: a serve worker killed with kill -9 mid-cycle",
    .enabled(if: PostgresAvailability.shouldRun, "PostgreSQL is not installed (see README: the SQLite suites alone)"),
    .enabled(if: ExecutableTests.executable != nil, "build the prextra-sync product first (swift build)"))
struct PostgresFailoverTests {
    static let apiKey = ChaosTests.apiKey
    static let signingSecret = "failover-webhook-signing-secret-0123456789"

    struct Figures: CustomStringConvertible {
        var seed: UInt64 = 0
        var erpWrites = 0, outlookEdits = 0, victimMailboxes = 0, killedMidCycle = false
        var heldElsewhereAfter: Double?, interruptedRerunAfter: Double?
        var webhookEvents = 0, webhookRepeats = 0, settlePasses = 0
        var description: String {
            func seconds(_ value: Double?) -> String { value.map { String(format: "%.1f s", $0) } ?? "never" }
            return "failover seed \(seed): \(erpWrites) ERP writes, \(outlookEdits) Outlook actions; killed a worker holding "
                + "\(victimMailboxes) mailbox(es) \(killedMidCycle ? "in the middle of a cycle" : "between cycles"); "
                + "its mailboxes held elsewhere after \(seconds(heldElsewhereAfter)), the interrupted cycle run again after "
                + "\(seconds(interruptedRerunAfter)); \(webhookEvents) webhook events, \(webhookRepeats) repeated; settled in \(settlePasses) passes"
        }
    }

    @Test("The dead worker's mailboxes continue elsewhere within about 30 s; nothing duplicated or lost; every webhook delivered", .timeLimit(.minutes(5)))
    func failover() async throws {
        let executable = try #require(ExecutableTests.executable)
        let seedValue = ProcessInfo.processInfo.environment["PREXTRA_FAILOVER_SEED"].flatMap(UInt64.init) ?? 15
        var random = SeededGenerator(state: seedValue)
        var figures = Figures(seed: seedValue)
        let databaseURL = try await PostgresTestServer.shared.newDatabaseURL()
        var world = SimulatorSeed.demo
        world.tenants[0].mailboxes += (1...6).map {
            MailboxSeed(primarySmtpAddress: "user\($0)@contoso.example", displayName: "User \($0)", timeZone: "Romance Standard Time")
        }
        let mailboxes = world.tenants[0].mailboxes.map { MailboxAddress($0.primarySmtpAddress) }
        let receiver = WebhookReceiver(failures: 0)
        let hooks = try await receiver.start()
        defer { Task { await receiver.stop() } }
        let store = try await PostgresSyncStore.open(url: databaseURL)

        try await SimulatorFixture.with(seed: world) { simulator in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prextra-failover-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            var workers: [ServeProcess] = []
            defer { for worker in workers { worker.kill() } }
            for index in 0..<3 {
                let port = try ServeProcess.freePort()
                let config = try Self.writeConfiguration(
                    simulator, mailboxes: mailboxes, storeURL: databaseURL, hooks: hooks, port: port,
                    file: directory.appendingPathComponent("worker\(index).json"))
                // Each worker as if on a machine of its own: a dead one is noticed only when its
                // membership lapses, as for a machine lost elsewhere (on one host, at once).
                workers.append(
                    try await ServeProcess.start(
                        executable: executable, config: config, port: port, log: directory.appendingPathComponent("worker\(index).log"),
                        environment: ["PREXTRA_WORKER_HOST": "machine-\(index)"]))
            }
            // Every mailbox synchronized once, and the three workers seeing each other.
            try await Self.waitUntil("every mailbox synchronized, and three workers live", seconds: 60) {
                let listed = try await Self.mailboxes(workers[0])
                let liveWorkers = try await store.workers().filter(\.isLive).count
                return listed.count == mailboxes.count && listed.allSatisfy { $0["lastSuccessAt"] is String }
                    && listed.allSatisfy { $0["heldBy"] is String } && liveWorkers == 3
            }

            let exchange = simulator.exchange
            var live: [RecordKey: Set<MailboxAddress>] = [:]
            var chaos = ChaosTests.Figures(seed: seedValue)
            func act(on survivors: [ServeProcess], for seconds: Double) async throws {
                let until = Date().addingTimeInterval(seconds)
                while Date() < until {
                    let serve = survivors.randomElement(using: &random)!
                    try await ChaosTests.act(
                        serve: serve, exchange: exchange, live: &live, figures: &chaos, random: &random, mailboxes: mailboxes)
                    try await Task.sleep(for: .milliseconds(Int.random(in: 50...300, using: &random)))
                }
            }
            try await act(on: workers, for: 6)

            // The victim: the worker holding the most mailboxes, killed while it runs a cycle
            // (Exchange slowed down meanwhile, so that a cycle lasts seconds).
            let held = try await Self.mailboxes(workers[0])
            let holders = Dictionary(grouping: held, by: { $0["heldBy"] as? String ?? "" })
            let (victimID, victimMailboxes) = try #require(holders.max { $0.value.count < $1.value.count })
            let victimPID = try #require(WorkerIdentity(victimID)?.processID)
            let victimIndex = try #require(workers.firstIndex { $0.process.processIdentifier == victimPID })
            let prefix = LeaseResource.mailboxes(environment: "contoso")
            exchange.faults.update(tenantId: SimulatorFixture.contosoTenant, to: FaultSettings(addedLatencyMilliseconds: 250))
            let lookUntil = Date().addingTimeInterval(20)
            while Date() < lookUntil, try await !store.currentLeases(prefix: prefix).contains(where: { $0.holder == victimID }) {
                try await act(on: workers, for: 0.2)
            }
            await workers[victimIndex].killAndWait()
            let killedAt = Date()
            exchange.faults.update(tenantId: SimulatorFixture.contosoTenant, to: FaultSettings())
            let interrupted = try await store.currentLeases(prefix: prefix).first { $0.holder == victimID }
            figures.killedMidCycle = interrupted != nil
            #expect(figures.killedMidCycle, "the victim was killed in the middle of a cycle, its lease held")
            let victims = victimMailboxes.compactMap { ($0["address"] as? String).map { MailboxAddress($0) } }
            figures.victimMailboxes = victims.count
            let survivors = workers.indices.filter { $0 != victimIndex }.map { workers[$0] }

            // The others carry on; the API stops naming the dead worker, and the interrupted
            // cycle's mailbox has a successful cycle on a survivor.
            var movedAfter: Double? = nil, rerunAfter: Double? = nil
            let watchUntil = killedAt.addingTimeInterval(60)
            while movedAfter == nil || (interrupted != nil && rerunAfter == nil), Date() < watchUntil {
                try await act(on: survivors, for: 0.5)
                if movedAfter == nil,
                    try await Self.mailboxes(survivors[0]).allSatisfy({ ($0["heldBy"] as? String).map { $0 != victimID } ?? false })
                {
                    movedAfter = Date().timeIntervalSince(killedAt)
                }
                if let interrupted, rerunAfter == nil {
                    let mailbox = MailboxAddress(String(interrupted.resource.rawValue.dropFirst(prefix.count)))
                    let runs = try await store.runs(environment: "contoso", mailbox: mailbox, limit: 50)
                    if let run = runs.first(where: { $0.startedAt > killedAt && $0.worker != victimID && $0.outcome == .succeeded }) {
                        rerunAfter = (run.finishedAt ?? run.startedAt).timeIntervalSince(killedAt)
                    }
                }
            }
            figures.heldElsewhereAfter = movedAfter
            figures.interruptedRerunAfter = rerunAfter
            #expect(movedAfter.map { $0 < 40 } == true, "the dead worker's mailboxes held elsewhere within about 30 s; \(figures)")
            #expect(rerunAfter.map { $0 < 40 } == true, "the interrupted cycle ran again elsewhere within about 30 s; \(figures)")
            try await act(on: survivors, for: 3)
            figures.erpWrites = chaos.erpWrites + chaos.erpDeletes + chaos.recreates
            figures.outlookEdits = chaos.outlookEdits + chaos.outlookDeletes + chaos.moves

            // Graceful stop of the survivors, then settle with `sync --once` until a pass writes nothing.
            for worker in survivors { await worker.stop() }
            let settle = try Self.writeConfiguration(
                simulator, mailboxes: mailboxes, storeURL: databaseURL, hooks: hooks, port: try ServeProcess.freePort(),
                file: directory.appendingPathComponent("settle.json"))
            var quiet = false
            var lastPass = ""
            while !quiet, figures.settlePasses < 6 {
                figures.settlePasses += 1
                let outcome = try await ChildProcess.run(executable, arguments: ["sync", "--once", "--config", settle, "--json"])
                quiet = outcome.status == 0 && ChaosTests.wroteNothing(outcome.standardOutput)
                lastPass = outcome.standardOutput + outcome.standardError
            }
            #expect(quiet, "still writing after \(figures.settlePasses) passes; \(figures); the last pass: \(lastPass.prefix(3000))")
            try await ChaosTests.expectConverged(
                store: store, mailboxes: mailboxes, connector: try simulator.connector(), figures: figures)

            // One worker delivers what is left of the webhooks; every event arrived, repeats identical.
            let port = try ServeProcess.freePort()
            let last = try await ServeProcess.start(
                executable: executable,
                config: try Self.writeConfiguration(
                    simulator, mailboxes: mailboxes, storeURL: databaseURL, hooks: hooks, port: port,
                    file: directory.appendingPathComponent("last.json")),
                port: port, log: directory.appendingPathComponent("last.log"))
            workers.append(last)
            try await Self.waitUntil("every webhook delivered", seconds: 60) {
                try await store.undeliveredWebhookCount(environment: "contoso") == 0
            }
            await last.stop()
            let head = try #require(try await store.environment("contoso")).outlookFeedHead.rawValue
            let delivered = receiver.accepted.compactMap { received in received.eventID.map { ($0, received.body) } }
            let byID = Dictionary(grouping: delivered, by: \.0)
            figures.webhookEvents = byID.count
            figures.webhookRepeats = delivered.count - byID.count
            print(figures.description)
            #expect(head > 0, "the users' edits made Outlook changes; \(figures)")
            #expect(Set(byID.keys) == Set((1...max(head, 1)).map { "contoso:\($0)" }), "\(figures)")
            for (id, copies) in byID where copies.count > 1 {
                #expect(Set(copies.map(\.1)).count == 1, "event \(id) repeated with another body")
            }
        }
        await store.close()
    }

    static func mailboxes(_ serve: ServeProcess) async throws -> [[String: Any]] {
        let answer = try await serve.request("GET", "/v1/environments/contoso/mailboxes", key: apiKey)
        return answer.json["mailboxes"] as? [[String: Any]] ?? []
    }

    static func waitUntil(_ what: String, seconds: Double, _ condition: () async throws -> Bool) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while try await !condition() {
            guard Date() < deadline else { throw ServeProcessError(message: "timed out waiting until \(what)") }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    static func writeConfiguration(
        _ simulator: SimulatorFixture, mailboxes: [MailboxAddress], storeURL: String, hooks: URL?, port: Int, file: URL
    ) throws -> String {
        let base = simulator.baseURL.absoluteString.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        let list = mailboxes.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        let webhook = hooks.map { #",\#n    "Webhook": { "Url": "\#($0.absoluteString)", "SigningSecret": "\#(signingSecret)" }"# } ?? ""
        let json = """
            {
              "Exchange": [ {
                "Environment": "contoso",
                "ApplicationId": "\(SimulatorFixture.contosoApp)",
                "ClientSecret": "\(SimulatorFixture.contosoSecret)",
                "TenantId": "\(SimulatorFixture.contosoTenant)",
                "EwsUrl": "\(base)/EWS/Exchange.asmx",
                "Authority": "\(base)",
                "Mailboxes": [ \(list) ]
              } ],
              "PrextraSync": {
                "Store": { "Kind": "Postgres", "Url": "\(storeURL)" },
                "Listen": "127.0.0.1:\(port)",
                "SyncInterval": "2s",
                "ApiKeys": [ { "Name": "erp", "Key": "\(apiKey)" } ]\(webhook)
              }
            }
            """
        try json.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }
}
