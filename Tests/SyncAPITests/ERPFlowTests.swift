import SimulatorTestSupport
import ExchangeSimulator
import Foundation
import SyncAPI
import SyncEngine
import SyncService
import SyncStore
import Testing

/// The sync service behind the API, with a fixed verify answer (verify has its own tests). With
/// `forwardsRecordWrites`, ERP writes schedule their owners' cycles, as `serve` composes it.
struct ServiceOperations: SyncOperations {
    let service: SyncService
    var forwardsRecordWrites = false

    func recordsChanged(environment: String, mailboxes: Set<MailboxAddress>) async {
        if forwardsRecordWrites { await service.recordsChanged(environment: environment, mailboxes: mailboxes) }
    }

    func requestSync(environment: String, mailbox: MailboxAddress?) async throws -> SyncRequestReceipt {
        try await service.requestSync(environment: environment, mailbox: mailbox)
    }

    func verify(environment: String, mailbox: MailboxAddress?) async -> VerificationSummary {
        VerificationSummary(environment: environment, succeeded: true, checks: [], diagnostics: [])
    }

    func isReady() async -> Bool { await service.isReady() }
}

@Suite("The ERP's flow over loopback: records to Outlook, Outlook edits back through the feed")
struct ERPFlowTests {
    static let alice = SimulatorFixture.alice
    static let mailboxPath = "/v1/environments/contoso/mailboxes/alice%40contoso.example"

    /// Waits (bounded) until `condition` holds; the sync runs in the background after a 202.
    static func eventually(_ what: String, _ condition: () async throws -> Bool) async throws {
        for _ in 0..<300 {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("timed out waiting for \(what)")
        throw CancellationError()
    }

    /// Requests a sync of alice through the API and waits for its run to finish (the run history
    /// has one more finished run; timestamps have whole seconds, so they cannot tell two runs apart).
    static func syncAlice(_ api: APIHarness) async throws {
        func finishedRuns() async throws -> [RunRecord] {
            try await api.store.runs(environment: "contoso", mailbox: alice, limit: 1000).filter { $0.outcome != .running }
        }
        let before = try await finishedRuns().count
        let accepted = try await api.request(.POST, mailboxPath + "/sync")
        #expect(accepted.status == 202)
        try await eventually("alice's sync") { try await finishedRuns().count > before }
        let run = try #require(try await finishedRuns().first)
        #expect(run.outcome == .succeeded, "\(run.error ?? "")")
        let status = try await api.request(.GET, mailboxPath).json
        #expect(status["lastFailure"] is NSNull)
        #expect(status["lastSuccessAt"] is String)
    }

    static func taskChanges(_ api: APIHarness, after cursor: String) async throws -> (changes: [[String: Any]], next: String) {
        let page = try await api.request(.GET, "/v1/environments/contoso/changes?after=\(cursor)&limit=1000")
        #expect(page.status == 200)
        let changes = (page.json["changes"] as? [[String: Any]] ?? []).filter { $0["id"] as? String == "T-100" }
        return (changes, page.json["next"] as? String ?? cursor)
    }

    @Test("push a task, see it in Outlook, edit it as the user, read the change, resume from the cursor after a restart")
    func erpFlow() async throws {
        let simulator = try await SimulatorFixture.start()
        let directory = try APIHarness.makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let makeOperations: (SQLiteSyncStore) throws -> any SyncOperations = { store in
            ServiceOperations(service: try simulator.syncService(store: store))
        }

        // 1. Push: enrol the mailbox, upsert a task owned by it.
        let api = try await APIHarness.start(directory: directory, environments: ["contoso"], makeOperations: makeOperations)
        #expect(try await api.request(.PUT, Self.mailboxPath).status == 201)
        let pushed = try await api.request(
            .PUT, "/v1/environments/contoso/tasks/T-100",
            body: #"{"fields":{"subject":"Call Acme about the renewal","dueDate":"2026-12-15","importance":"High"},"owners":["alice@contoso.example"]}"#)
        #expect(pushed.status == 201)
        let start = try await Self.taskChanges(api, after: "0").next

        // 2. The sync service writes it to alice's Tasks folder.
        try await Self.syncAlice(api)
        let items = try simulator.exchange.items(in: Self.alice.rawValue, folder: "tasks")
        let item = try #require(items.first { $0.subject == "Call Acme about the renewal" })
        #expect(items.filter { $0.subject == "Call Acme about the renewal" }.count == 1)
        let status = try await api.request(.GET, Self.mailboxPath)
        #expect((status.json["itemCounts"] as? [String: Any])?["task"] as? Int ?? 0 >= 1)

        // 3. Alice edits it in Outlook.
        try simulator.exchange.updateItem(in: Self.alice.rawValue, id: item.id, set: ["Subject": "Call Acme on Friday"])

        // 4. The next sync brings the edit back; the ERP reads it from the feed.
        try await Self.syncAlice(api)
        let first = try await Self.taskChanges(api, after: start)
        let change = try #require(first.changes.first)
        #expect(first.changes.count == 1)
        #expect(change["operation"] as? String == "updated")
        #expect(change["mailbox"] as? String == "alice@contoso.example")
        #expect((change["fields"] as? [String: Any])?["subject"] as? String == "Call Acme on Friday")
        let record = try await api.request(.GET, "/v1/environments/contoso/tasks/T-100")
        #expect((record.json["fields"] as? [String: Any])?["subject"] as? String == "Call Acme on Friday")
        #expect(record.headers.first(name: "ETag") == "\"\(change["version"] as? Int ?? 0)\"")
        let cursor = first.next
        await api.stop()

        // 5. Restart on the same state file: nothing new after the cursor, then only the next edit.
        let restarted = try await APIHarness.start(directory: directory, environments: ["contoso"], makeOperations: makeOperations)
        #expect(try await Self.taskChanges(restarted, after: cursor).changes.isEmpty)
        try simulator.exchange.updateItem(in: Self.alice.rawValue, id: item.id, set: ["Subject": "Acme called back"])
        try await Self.syncAlice(restarted)
        let resumed = try await Self.taskChanges(restarted, after: cursor)
        #expect(resumed.changes.count == 1)
        #expect((resumed.changes.first?["fields"] as? [String: Any])?["subject"] as? String == "Acme called back")
        // Our own write to Outlook did not come back as a change (no echo).
        #expect(try await Self.taskChanges(restarted, after: start).changes.count == 2)
        await restarted.stop()
        await simulator.stop()
    }
}
