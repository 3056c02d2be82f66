import Foundation
import MicrosoftIdentity
import ServiceConfiguration
import Synchronization
import SyncEngine
@testable import SyncService
import SyncStore
import Testing

/// Invariant 9 and the service around the cycle: isolation, leases, status, on-demand runs.
@Suite("Sync service")
struct SyncServiceTests {
    let bob = CycleHarness.bob

    static func contoso(_ harness: CycleHarness, connector: (any MailboxConnector)? = nil) -> SyncEnvironment {
        SyncEnvironment(
            name: CycleHarness.environment, tenantID: SimulatorFixture.contosoTenant, policy: SyncPolicy(),
            connector: connector ?? harness.connector)
    }

    @Test("A stalled environment and one with a bad secret do not delay another, and the failure is on the status")
    func isolation() async throws {
        try await CycleHarness.with { harness in
            let store = harness.store
            let canary = "canary-secret-7f3a9c"
            for name in ["stalled", "broken"] {
                try await store.registerEnvironment(name, configFingerprint: nil)
                try await store.enrolMailbox(environment: name, address: CycleHarness.bob)
            }
            try await harness.upsert(.contact, "c1", ContactFields(givenName: "Jean", surname: "Dupont").fields)

            let gate = Gate()
            let stalled = SyncEnvironment(
                name: "stalled", tenantID: "99999999-9999-4999-8999-999999999999", policy: SyncPolicy(),
                connector: StalledConnector(base: harness.connector, gate: gate))
            var brokenConfiguration = harness.fixture.environment
            brokenConfiguration = EnvironmentConfiguration(
                name: "broken", tenantID: brokenConfiguration.tenantID, applicationID: brokenConfiguration.applicationID,
                credential: .secret(Secret(canary), source: .inline), ewsURL: brokenConfiguration.ewsURL,
                authority: brokenConfiguration.authority)
            let broken = SyncEnvironment(
                configuration: brokenConfiguration,
                connector: try EWSMailboxConnector(
                    environment: brokenConfiguration, httpClient: SimulatorFixture.httpClient,
                    tokenProviders: AccessTokenProviders(endpoint: TokenEndpointClient(httpClient: SimulatorFixture.httpClient))))

            let service = SyncService(store: store, environments: [stalled, broken, Self.contoso(harness)])
            let run = Task { try await service.runOnce() }

            // Contoso finishes while "stalled" is still waiting on Exchange.
            while try await store.mailbox(environment: CycleHarness.environment, address: bob)?.lastSuccessAt == nil {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(await gate.waiting > 0)
            #expect(try await service.status(environment: "stalled", mailbox: bob)?.isSyncing == true)
            _ = try await harness.item(.contact, of: "c1", in: bob)

            await gate.open()
            let summaries = try await run.value
            let outcomes = Dictionary(uniqueKeysWithValues: summaries.map { ("\($0.environment) \($0.mailbox)", $0.outcome) })
            #expect(
                outcomes == [
                    "contoso alice@contoso.example": .succeeded, "contoso bob@contoso.example": .succeeded,
                    "stalled bob@contoso.example": .succeeded, "broken bob@contoso.example": .failed,
                ])

            let status = try #require(try await service.status(environment: "broken", mailbox: bob))
            let failure = try #require(status.mailbox.lastFailure)
            #expect(failure.message.contains("broken"))
            #expect(!failure.message.contains(canary))
            let diagnostic = failure.diagnostic ?? ""
            #expect(diagnostic.contains("AADSTS7000215"))
            #expect(!diagnostic.contains(canary))
            #expect(status.lastRun?.outcome == .failed)
            let runError = status.lastRun?.error ?? ""
            #expect(runError.contains("AADSTS7000215"))
            #expect(!runError.contains(canary))
        }
    }

    @Test("A mailbox leased by another worker is not synchronized, and nothing is written")
    func leaseHeldElsewhere() async throws {
        try await CycleHarness.with { harness in
            try await harness.upsert(.contact, "c1", ContactFields(givenName: "Jean").fields)
            let service = SyncService(store: harness.store, environments: [Self.contoso(harness)])
            let other = try #require(
                try await harness.store.acquireLease(
                    .mailbox(environment: CycleHarness.environment, address: bob), holder: "other-worker",
                    duration: .seconds(600)))

            let busy = try await harness.requests {
                let summary = try await service.syncNow(environment: "CONTOSO", mailbox: bob)
                #expect(summary.outcome == .busy)
            }
            #expect(busy.isEmpty)
            #expect(try await harness.links(bob).isEmpty)

            try await harness.store.releaseLease(other)
            let summary = try await service.syncNow(environment: "contoso", mailbox: bob)
            #expect(summary.outcome == .succeeded)
            #expect(summary.counts.itemsCreated == 1)
            // The lease is given back after the cycle.
            #expect(try await harness.store.currentLease(.mailbox(environment: CycleHarness.environment, address: bob)) == nil)
        }
    }

    @Test("syncNow reports progress and refuses unknown environments and mailboxes")
    func syncNowAndProgress() async throws {
        try await CycleHarness.with { harness in
            try await harness.upsert(.task, "t1", TaskFields(subject: "Relancer").fields)
            let phases = ProgressLog()
            let service = SyncService(store: harness.store, environments: [Self.contoso(harness)])
            let summary = try await service.syncNow(environment: "contoso", mailbox: bob) { phases.append($0) }
            #expect(summary.outcome == .succeeded)
            #expect(summary.outlookWrites == 1)
            let seen = phases.all
            #expect(seen.first?.phase == .reading)
            #expect(seen.last?.phase == .finished)
            #expect(seen.contains { $0.phase == .writing && $0.writesPlanned == 1 })
            #expect(seen.last?.itemsWritten == 1)

            await #expect(throws: SyncServiceError.unknownEnvironment("nowhere")) {
                try await service.syncNow(environment: "nowhere", mailbox: bob)
            }
            await #expect(throws: SyncServiceError.self) {
                try await service.syncNow(environment: "contoso", mailbox: "nobody@contoso.example")
            }
            let statuses = try await service.statuses(environment: "contoso")
            #expect(statuses.map(\.mailbox.address) == [CycleHarness.alice, bob])
            #expect(statuses.last?.lastRun?.outcome == .succeeded)
            #expect(statuses.last?.mailbox.itemCounts[.task] == 1)
        }
    }
}

/// Holds calls until opened.
actor Gate {
    private var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private(set) var waiting = 0

    func pass() async {
        guard !isOpen else { return }
        waiting += 1
        await withCheckedContinuation { waiters.append($0) }
    }

    func open() {
        isOpen = true
        for waiter in waiters { waiter.resume() }
        waiters.removeAll()
    }
}

/// The real connector behind a gate: Exchange "hangs" for this environment until the test opens it.
struct StalledConnector: MailboxConnector {
    let base: any MailboxConnector
    let gate: Gate

    func changes(of kind: EntityKind, in mailbox: MailboxAddress, since cursor: String?, maxChanges: Int) async throws
        -> FolderChangePage
    {
        await gate.pass()
        return try await base.changes(of: kind, in: mailbox, since: cursor, maxChanges: maxChanges)
    }

    func items(taggedWith tags: [SyncTag], kind: EntityKind, in mailbox: MailboxAddress) async throws -> [OutlookItem] {
        try await base.items(taggedWith: tags, kind: kind, in: mailbox)
    }

    func apply(_ operations: [OutlookOperation], kind: EntityKind, in mailbox: MailboxAddress) async throws
        -> [OutlookWriteResult]
    {
        try await base.apply(operations, kind: kind, in: mailbox)
    }
}

/// Progress reports collected in order.
final class ProgressLog: Sendable {
    private let reports = Mutex<[SyncProgress]>([])
    func append(_ progress: SyncProgress) { reports.withLock { $0.append(progress) } }
    var all: [SyncProgress] { reports.withLock { $0 } }
}
