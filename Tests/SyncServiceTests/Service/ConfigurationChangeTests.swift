import Foundation
import ServiceConfiguration
import SimulatorTestSupport
import SyncEngine
@testable import SyncService
import SyncStore
import Testing

/// Issue 18, item 6: the store's configuration fingerprint was always nil, so a changed
/// `TenantId`, `EwsUrl` or policy went unnoticed, and a change of tenant would have taken every
/// linked item for deleted.
@Suite("A configuration changed under the store")
struct ConfigurationChangeTests {
    let bob = CycleHarness.bob

    /// The Contoso environment on EWS, with `changes` applied to its entry.
    static func configuration(_ fixture: SimulatorFixture, _ changes: [String: Any] = [:]) throws -> LoadedConfiguration {
        var entry: [String: Any] = [
            "Environment": CycleHarness.environment, "ApplicationId": SimulatorFixture.contosoApp,
            "ClientSecret": SimulatorFixture.contosoSecret, "TenantId": SimulatorFixture.contosoTenant, "Api": "Ews",
            "EwsUrl": fixture.baseURL.appendingPathComponent("EWS/Exchange.asmx").absoluteString,
            "Authority": fixture.baseURL.absoluteString, "GraphUrl": fixture.baseURL.absoluteString,
            "Mailboxes": [SimulatorFixture.bob.rawValue],
        ]
        entry.merge(changes) { $1 }
        let data = try JSONSerialization.data(withJSONObject: ["Exchange": [entry]])
        return try ConfigurationLoader(environmentVariables: [:]).load(json: data, baseDirectory: FileManager.default.temporaryDirectory)
    }

    func start(_ loaded: LoadedConfiguration, _ harness: CycleHarness) async -> (environments: [SyncEnvironment], unavailable: [String: String], notices: [String]) {
        await SyncEnvironment.environments(
            from: loaded, store: harness.store, httpClient: SimulatorFixture.httpClient, tokenProviders: harness.fixture.tokenProviders)
    }

    @Test("A changed policy or URL is named at the next start and recorded; the start after says nothing")
    func changesAreNamedOnce() async throws {
        try await CycleHarness.with(seed: SimulatorFixture.graphSeed) { harness in
            try await GraphMigrationTests().synchronizedThroughEWS(harness)
            let first = await start(try Self.configuration(harness.fixture), harness)
            #expect(first.notices.isEmpty && first.unavailable.isEmpty, "first seen: recorded silently, \(first.notices)")

            let changed = try Self.configuration(harness.fixture, [
                "Sync": ["Contacts": ["Direction": "CrmToOutlook"]], "GraphUrl": harness.fixture.baseURL.appendingPathComponent("graph").absoluteString,
            ])
            let second = await start(changed, harness)
            #expect(second.unavailable.isEmpty)
            let notice = try #require(second.notices.first { $0.contains("configuration changed since the last start") })
            #expect(notice.contains("Sync.Contacts") && notice.contains("GraphUrl") && !notice.contains("TenantId"), "\(notice)")
            #expect(!notice.contains(SimulatorFixture.contosoSecret))
            #expect(second.environments.first?.configurationChanges.count == 2)

            let third = await start(changed, harness)
            #expect(third.notices.isEmpty, "recorded: \(third.notices)")
        }
    }

    @Test("Another TenantId with links in the store is refused, the store untouched, until the operator accepts it")
    func anotherTenantIsRefusedUntilAccepted() async throws {
        try await CycleHarness.with(seed: SimulatorFixture.graphSeed) { harness in
            try await GraphMigrationTests().synchronizedThroughEWS(harness)
            let links = try await harness.links(bob)
            #expect(!links.isEmpty)
            _ = await start(try Self.configuration(harness.fixture), harness)
            let recorded = try await harness.store.environment(CycleHarness.environment)?.configFingerprint

            let otherTenant = "0b9d1c4e-8f3a-4e2b-9c7d-5a6f1e2d3c4b"
            let moved = try Self.configuration(harness.fixture, ["TenantId": otherTenant])
            let refused = await start(moved, harness)
            #expect(refused.environments.isEmpty)
            let reason = try #require(refused.unavailable[CycleHarness.environment])
            #expect(reason.contains("TenantId changed") && reason.contains(otherTenant) && reason.contains("prextra-sync config accept"), "\(reason)")
            #expect(try await harness.store.environment(CycleHarness.environment)?.configFingerprint == recorded, "not recorded")
            #expect(try await harness.links(bob).count == links.count, "the links are kept")
            // Refused again at the next start: nothing was recorded.
            #expect(await start(moved, harness).unavailable[CycleHarness.environment] != nil)

            // The operator confirms: recorded, the cursors dropped (the next cycles re-read every folder).
            let environment = try #require(moved.environments.first)
            let accepted = try await ConfigurationChangeCheck.accept(environment, store: harness.store)
            #expect(accepted.contains { $0.hasPrefix("TenantId:") })
            #expect(try await harness.store.syncStates(environment: CycleHarness.environment, mailbox: bob).isEmpty)
            let after = await start(moved, harness)
            #expect(after.unavailable.isEmpty && after.environments.count == 1)
        }
    }
}
