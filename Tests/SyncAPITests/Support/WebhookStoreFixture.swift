import Foundation
import SyncAPI
import SyncEngine
import SyncStore

/// A store in which jane's task T-1 exists and, once `deleteTaskInOutlook` ran, its delete in
/// Outlook waits in the feed: one webhook event to deliver.
enum WebhookStoreFixture {
    static let jane = MailboxAddress("jane@prextra.example")

    static func store(in directory: URL, clock: ManualClock) async throws -> SQLiteSyncStore {
        let store = try SQLiteSyncStore(path: directory.appendingPathComponent("state.sqlite").path, clock: clock.function)
        try await store.registerEnvironment("prextra", configFingerprint: nil)
        try await store.enrolMailbox(environment: "prextra", address: jane)
        try await store.upsertRecord(
            environment: "prextra", record: RecordKey(.task, "T-1"), fields: ["subject": .text("Draft")], owners: [jane], ifMatch: nil)
        return store
    }

    static func deleteTaskInOutlook(_ store: SQLiteSyncStore) async throws {
        var work = UnitOfWork(environment: "prextra")
        work.applyOutlookChange(
            OutlookRecordWrite(record: RecordKey(.task, "T-1"), mailbox: jane, itemID: "AAMk1", change: .delete, expectedVersion: nil))
        _ = try await store.commit(work)
    }
}
