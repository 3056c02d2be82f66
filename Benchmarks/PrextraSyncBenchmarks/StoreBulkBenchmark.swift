import ArgumentParser
import Foundation
import SyncEngine
import SyncStore

/// Issue 15: the store's bulk operations, SQLite against PostgreSQL, through the store's own API
/// in the same run: a first sync's links in one unit of work, the same in units of 500, reading
/// them back, looking links up one by one, ERP record writes one at a time (each with its feed
/// entry), a mailbox's CRM feed read in pages; then `store copy` of the SQLite store into
/// PostgreSQL.
struct StoreBulkBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store-bulk", abstract: "The store's bulk operations, SQLite and PostgreSQL side by side.")

    @OptionGroup var options: BenchmarkOptions
    @Option(help: "With a PostgreSQL of your own: an empty database (else a throwaway local server, fsync off).") var postgresURL: String?
    @Option var links = 20_000
    @Option var records = 5_000

    struct Figures {
        var oneUnit = Duration.zero, unitsOf500 = Duration.zero, readAll = Duration.zero, lookups = Duration.zero
        var recordWrites = Duration.zero, feedRead = Duration.zero
    }

    func run() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prextra-store-bulk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var stores: [(String, () async throws -> any SyncStore)] = [
            ("SQLite", { try SQLiteSyncStore(path: directory.appendingPathComponent("\(UUID().uuidString).sqlite").path) }),
            ("PostgreSQL", { try await PostgresSyncStore.open(url: try await BenchmarkStore.postgresDatabaseURL(given: postgresURL)) }),
        ]
        if postgresURL != nil { stores.removeAll { $0.0 == "SQLite" } }
        var results: [(String, Figures)] = []
        var copied: (rows: Int, time: Duration)?
        for (name, open) in stores {
            let (figures, store) = try await measure(open)
            results.append((name, figures))
            FileHandle.standardError.write(Data("\(name) done\n".utf8))
            // The SQLite store just filled, copied into PostgreSQL as `store copy` does.
            if let sqlite = store as? SQLiteSyncStore {
                let target = try await PostgresSyncStore.open(url: try await BenchmarkStore.postgresDatabaseURL(given: nil))
                let copier = StoreCopier(source: sqlite, sourceName: "bench.sqlite", target: target)
                var counts: [StoreCopier.TableCount] = []
                let time = try await ContinuousClock().measure { counts = try await copier.run() }
                copied = (counts.map(\.source).reduce(0, +), time)
                await target.close()
            }
        }

        var report = FigureReport(
            benchmark: "store-bulk",
            setup: "Each store through its own API, one after the other in this process: \(links) appointment links (a base of five fields each), \(records) ERP record writes, the CRM feed of one mailbox read 500 entries a page. PostgreSQL 15 is a throwaway local server (127.0.0.1, fsync off); SQLite a WAL file in a temporary directory.")
        func add(_ label: String, _ value: (Figures) -> Duration, per count: Int) {
            for (name, figures) in results {
                let duration = value(figures)
                report.add("\(label), \(name)", String(format: "%.0f ms (%.1f µs each)", duration.seconds * 1000, duration.seconds * 1e6 / Double(count)),
                           number: duration.seconds, unit: "s")
            }
            if results.count == 2 {
                report.add("\(label), PostgreSQL / SQLite", String(format: "%.2f×", value(results[1].1) / value(results[0].1)),
                           number: value(results[1].1) / value(results[0].1), unit: "ratio")
            }
        }
        add("links, one unit of work", \.oneUnit, per: links)
        add("links, units of 500", \.unitsOf500, per: links)
        add("links read back", \.readAll, per: links)
        add("links looked up one by one (2,000)", \.lookups, per: 2_000)
        add("ERP record writes, one at a time", \.recordWrites, per: records)
        add("a mailbox's CRM feed read, pages of 500", \.feedRead, per: records)
        if let copied {
            report.add(
                "store copy of that SQLite store into PostgreSQL (batches of 1,000)",
                String(format: "%d rows in %.1f s (%.0f rows/s)", copied.rows, copied.time.seconds, Double(copied.rows) / copied.time.seconds),
                number: copied.time.seconds, unit: "s")
        }
        try report.emit(jsonPath: options.jsonPath)
    }

    private func measure(_ open: () async throws -> any SyncStore) async throws -> (Figures, any SyncStore) {
        let clock = ContinuousClock()
        let mailbox: MailboxAddress = "alice@bench.example", other: MailboxAddress = "bob@bench.example"
        let base: FieldSet = [
            "subject": .text("Weekly review with the customer"), "start": .instant(Date(timeIntervalSince1970: 1_800_000_000)),
            "end": .instant(Date(timeIntervalSince1970: 1_800_003_600)), "timeZone": .text("Europe/Paris"), "location": .text("Room 4"),
        ]
        func link(_ index: Int, _ mailbox: MailboxAddress) -> StoredLink {
            StoredLink(
                environment: "bench", mailbox: mailbox, record: RecordKey(.appointment, RecordID("rec-\(index)")),
                itemID: "AAMkADk0ZjE2-item-\(index)", changeKey: "DwAAABYAAAA-\(index)", base: base,
                tag: "appointment:rec-\(index)", lastWrittenChangeKey: "DwAAABYAAAA-\(index)", folderID: "calendar")
        }
        let store = try await open()
        try await store.registerEnvironment("bench", configFingerprint: nil)
        for address in [mailbox, other] { try await store.enrolMailbox(environment: "bench", address: address) }
        var figures = Figures()

        var work = UnitOfWork(environment: "bench")
        for index in 0..<links { work.createLink(link(index, mailbox)) }
        figures.oneUnit = try await clock.measure { try await store.commit(work) }
        figures.unitsOf500 = try await clock.measure {
            for start in stride(from: 0, to: links, by: 500) {
                var work = UnitOfWork(environment: "bench")
                for index in start..<min(start + 500, links) { work.createLink(link(index, other)) }
                try await store.commit(work)
            }
        }
        figures.readAll = try await clock.measure {
            let read = try await store.links(environment: "bench", mailbox: mailbox, entity: nil)
            precondition(read.count == links)
        }
        figures.lookups = try await clock.measure {
            for index in 0..<2_000 { _ = try await store.link(environment: "bench", mailbox: mailbox, itemID: "AAMkADk0ZjE2-item-\(index)") }
        }
        figures.recordWrites = try await clock.measure {
            for index in 0..<records {
                _ = try await store.upsertRecord(
                    environment: "bench", record: RecordKey(.contact, RecordID("C-\(index)")),
                    fields: ["surname": .text("Client \(index)"), "jobTitle": .text("Gérant")], owners: [mailbox], ifMatch: nil)
            }
        }
        figures.feedRead = try await clock.measure {
            var position = FeedPosition(rawValue: 0)
            var read = 0
            while true {
                let page = try await store.crmChanges(environment: "bench", concerning: mailbox, after: position, limit: 500)
                read += page.changes.count
                position = page.next
                if !page.hasMore { break }
            }
            precondition(read == records)
        }
        if let postgres = store as? PostgresSyncStore { await postgres.close() }
        return (figures, store)
    }
}
