import Foundation
import ServiceConfiguration
import SyncEngine
@testable import SyncService
import SyncStore
import Synchronization
import Testing

/// The scheduled pruning `serve` runs (issue 18, item 2): old history, read feed entries and read
/// tombstones go; recent ones and anything a reader still needs stay.
@Suite("Retention service")
struct RetentionServiceTests {
    final class Clock: Sendable {
        let now = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
        var read: @Sendable () -> Date { { self.now.withLock { $0 } } }
        func advance(days: Double) { now.withLock { $0 = $0.addingTimeInterval(days * 86_400) } }
    }

    @Test("A pass prunes what is older than the retention in every environment, and keeps the rest")
    func prunesOldKeepsRecent() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("Retention-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let clock = Clock()
        let store = try SQLiteSyncStore(path: directory.appendingPathComponent("state.sqlite").path, clock: clock.read)
        let bob = MailboxAddress("bob@contoso.example")
        for environment in ["contoso", "fabrikam"] {
            try await store.registerEnvironment(environment, configFingerprint: nil)
            try await store.enrolMailbox(environment: environment, address: bob)
        }

        // Day 0: a run, a record deleted (its delete read by bob's cycle).
        func run(_ environment: String) async throws {
            let id = try await store.startRun(environment: environment, mailbox: bob, worker: "tests")
            try await store.finishRun(environment: environment, id: id, outcome: .succeeded, counts: RunCounts(), error: nil)
        }
        for environment in ["contoso", "fabrikam"] {
            try await run(environment)
            _ = try await store.upsertRecord(
                environment: environment, record: RecordKey(.contact, "C1"), fields: ["givenName": .text("Jean")], owners: [bob],
                ifMatch: nil)
            try await store.deleteRecord(environment: environment, record: RecordKey(.contact, "C1"), ifMatch: nil)
            var work = UnitOfWork(environment: environment)
            work.setCRMFeedPosition(consumer: .mailbox(bob), from: .start, to: FeedPosition(2))
            try await store.commit(work)
        }
        // Day 40: another run.
        clock.advance(days: 40)
        for environment in ["contoso", "fabrikam"] { try await run(environment) }

        let service = RetentionService(store: store, retention: RetentionSettings(historyDays: 30, feedDays: 30, tombstoneDays: 30), clock: clock.read)
        await service.pruneOnce()

        for environment in ["contoso", "fabrikam"] {
            #expect(try await store.runs(environment: environment, mailbox: bob, limit: 10).count == 1, "\(environment)")
            #expect(try await store.crmChanges(environment: environment, after: .start, limit: 10).changes.isEmpty)
            #expect(try await store.record(environment: environment, key: RecordKey(.contact, "C1")) == nil)
        }
        try store.close()
    }
}
