import Foundation
import Synchronization
import SyncEngine
@testable import SyncStore

/// A clock the test moves by hand, so that lease expiry and timestamps are exact.
final class TestClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) { current = Mutex(start) }

    var now: Date { current.withLock { $0 } }

    func advance(by seconds: TimeInterval) { current.withLock { $0 += seconds } }

    var reading: @Sendable () -> Date { { [self] in self.now } }
}

/// A directory removed when the fixture goes away.
struct TemporaryDirectory: ~Copyable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("SyncStoreTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    deinit { try? FileManager.default.removeItem(at: url) }
}

enum Fixture {
    static let environment = "prextra"
    static let alice: MailboxAddress = "alice@prextra.example"
    static let bob: MailboxAddress = "bob@prextra.example"

    /// A store at `location` with the `prextra` environment and Alice's and Bob's mailboxes enrolled.
    static func seededStore(
        in location: StoreLocation, clock: TestClock = TestClock(),
        beforeOperation: (@Sendable (Int, UnitOfWork.Operation) throws -> Void)? = nil
    ) async throws -> any SyncStore {
        let store = try await location.open(clock: clock, beforeOperation: beforeOperation)
        try await seed(store)
        return store
    }

    /// The SQLite store at `path`, seeded the same way, for the tests about SQLite itself.
    static func seededStore(at path: String, clock: TestClock = TestClock()) async throws -> SQLiteSyncStore {
        let store = try SQLiteSyncStore(path: path, clock: clock.reading)
        try await seed(store)
        return store
    }

    private static func seed(_ store: any SyncStore) async throws {
        try await store.registerEnvironment(environment, configFingerprint: "sha256:one")
        try await store.enrolMailbox(environment: environment, address: alice)
        try await store.enrolMailbox(environment: environment, address: bob)
    }

    static func contact(_ id: String) -> RecordKey { RecordKey(.contact, RecordID(id)) }

    static let sampleFields: FieldSet = [
        "displayName": .text("Ada Lovelace"),
        "birthday": .day("1815-12-10"),
        "lastMet": .instant(Date(timeIntervalSince1970: 1_700_000_000)),
        "rank": .integer(7),
        "vip": .boolean(true),
        "emails": .list([.text("ada@example.com"), .text("ada@work.example")]),
        "address": .map(["city": .text("London"), "street": .text("St James's Square")]),
    ]

    static func link(_ record: RecordKey, item: String, mailbox: MailboxAddress = alice) -> StoredLink {
        StoredLink(
            environment: environment, mailbox: mailbox, record: record, itemID: item, changeKey: "ck-\(item)-1",
            base: sampleFields, tag: "\(record.entity.rawValue):\(record.id.rawValue)",
            lastWrittenChangeKey: "ck-\(item)-1", folderID: "contacts")
    }
}
