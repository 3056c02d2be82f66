import ArgumentParser
import Foundation
import Logging
import ServiceConfiguration
import SyncEngine
import SyncService
import Synchronization
import SyncStore

/// Issue 18, item 2: the store's size over simulated days of operation, with the hourly pruning
/// of `RetentionService` (30 days of history, feeds and tombstones) and without it, through the
/// store's own API on a SQLite file, with a clock that runs through the days.
///
/// Every cycle of every mailbox writes what an idle cycle writes (a run, its end, the mailbox's
/// success); every day each mailbox also sees `changes` CRM changes (a record written, the feed
/// entry, a decision), and every week one record is deleted (a tombstone).
struct StoreRetentionBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store-retention", abstract: "The store's size over simulated days, with and without retention.")

    @OptionGroup var options: BenchmarkOptions
    @Option var mailboxes = 100
    @Option(help: "Cycles per mailbox per day (1,440 with the default 60 s interval).") var cyclesPerDay = 24
    @Option var days = 60
    @Option(help: "CRM changes per mailbox per day.") var changes = 5

    func run() async throws {
        var report = FigureReport(
            benchmark: "store-retention",
            setup: "SQLiteSyncStore (\(BuildMode.name)) with a simulated clock; \(mailboxes) mailboxes, \(cyclesPerDay) cycles per mailbox per day, \(changes) CRM changes per mailbox per day and a deletion a week, over \(days) days; with retention, RetentionService.pruneOnce() every simulated hour with the defaults (30 days).")
        for pruning in [false, true] {
            let sizes = try await simulate(pruning: pruning)
            for (day, bytes) in sizes {
                report.add("\(pruning ? "with" : "without") retention, after day \(day)", bytes: bytes)
            }
        }
        try report.emit(jsonPath: options.jsonPath)
    }

    /// The file's size (with its -wal, after a checkpoint) at the end of some days.
    private func simulate(pruning: Bool) async throws -> [(Int, Int)] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prextra-retention-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("store.sqlite").path
        let start = Date(timeIntervalSince1970: 1_780_000_000)
        let now = SimulatedClock(start)
        var store = try SQLiteSyncStore(path: path, clock: { now.read() })
        let environment = "bench"
        try await store.registerEnvironment(environment, configFingerprint: nil)
        let addresses = (0..<mailboxes).map { MailboxAddress("user\($0)@bench.example") }
        for address in addresses { try await store.enrolMailbox(environment: environment, address: address) }
        var quiet = Logger(label: "store-retention")
        quiet.logLevel = .critical
        var retention = RetentionService(store: store, retention: RetentionSettings(), clock: { now.read() }, logger: quiet)

        var sizes: [(Int, Int)] = []
        var positions: [MailboxAddress: FeedPosition] = [:]
        let cycleSeconds = 86_400.0 / Double(cyclesPerDay)
        for day in 1...days {
            for cycle in 0..<cyclesPerDay {
                now.set(start.addingTimeInterval(Double(day - 1) * 86_400 + Double(cycle) * cycleSeconds))
                for address in addresses {
                    let run = try await store.startRun(environment: environment, mailbox: address, worker: "bench")
                    try await store.perform(environment: environment) { work in
                        work.markMailboxSynced(address)
                        work.finishRun(run, outcome: .succeeded, counts: RunCounts())
                    }
                }
                if pruning, Int(Double(cycle) * cycleSeconds) % 3_600 < Int(cycleSeconds) { await retention.pruneOnce() }
            }
            // The day's CRM changes, read by each mailbox (its feed position moves past them).
            for (index, address) in addresses.enumerated() {
                for change in 0..<changes {
                    let key = RecordKey(.contact, RecordID("c-\(index)-\((day * changes + change) % 200)"))
                    try await store.upsertRecord(
                        environment: environment, record: key,
                        fields: ContactFields(givenName: "Jean", surname: "Dupont \(day)-\(change)", companyName: "Company \(index)").fields,
                        owners: [address], ifMatch: nil)
                    try await store.perform(environment: environment) { work in
                        work.logDecision(
                            Decision(
                                mailbox: address, record: key, itemID: "item-\(index)-\(change)", action: .update, target: .outlook,
                                fields: ["surname"], reason: "changed in the CRM"))
                    }
                }
                if day % 7 == 0 {
                    let key = RecordKey(.contact, RecordID("c-\(index)-\((day * changes) % 200)"))
                    _ = try? await store.deleteRecord(environment: environment, record: key, ifMatch: nil)
                }
            }
            let head = try await store.environment(environment)?.crmFeedHead ?? .start
            for address in addresses {
                let from = positions[address] ?? .start
                try await store.perform(environment: environment) { work in
                    work.setCRMFeedPosition(consumer: .mailbox(address), from: from, to: head)
                }
                positions[address] = head
            }
            let previous = positions.isEmpty ? FeedPosition.start : (try await store.crmFeedPosition(environment: environment, consumer: .environment))
            try await store.perform(environment: environment) { work in
                work.setCRMFeedPosition(consumer: .environment, from: previous, to: head)
            }
            if [15, 30, 45, 60, 90].contains(day) || day == days {
                // Closing checkpoints the -wal into the file: its size is then the store's.
                try store.close()
                sizes.append((day, Self.bytes(at: path)))
                store = try SQLiteSyncStore(path: path, clock: { now.read() })
                retention = RetentionService(store: store, retention: RetentionSettings(), clock: { now.read() }, logger: quiet)
            }
        }
        try store.close()
        return sizes
    }

    static func bytes(at path: String) -> Int {
        [path, path + "-wal"].reduce(0) { total, file in
            total + ((try? FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.intValue ?? 0)
        }
    }
}

/// A clock the benchmark moves by hand.
final class SimulatedClock: Sendable {
    private let now: Mutex<Date>
    init(_ start: Date) { now = Mutex(start) }
    func read() -> Date { now.withLock { $0 } }
    func set(_ date: Date) { now.withLock { $0 = date } }
}
