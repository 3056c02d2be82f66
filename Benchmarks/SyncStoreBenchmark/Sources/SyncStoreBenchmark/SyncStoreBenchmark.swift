import Foundation
import GRDB
import SyncEngine
import SyncStore

/// Inserts links through the store's real write path (one unit of work, then batches),
/// reads them back, and compares with a bare GRDB insert of rows of the same shape.
@main
struct SyncStoreBenchmark {
    static func main() async throws {
        let count = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 100_000
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("SyncStoreBenchmark-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let clock = ContinuousClock()
        let mailbox: MailboxAddress = "alice@prextra.example"
        let base: FieldSet = [
            "subject": .text("Weekly review with the customer"),
            "start": .instant(Date(timeIntervalSince1970: 1_800_000_000)),
            "end": .instant(Date(timeIntervalSince1970: 1_800_003_600)),
            "timeZone": .text("Europe/Paris"),
            "location": .text("Room 4"),
        ]
        func link(_ index: Int) -> StoredLink {
            StoredLink(
                environment: "prextra", mailbox: mailbox, record: RecordKey(.appointment, RecordID("rec-\(index)")),
                itemID: "AAMkADk0ZjE2-item-\(index)", changeKey: "DwAAABYAAAA-\(index)", base: base,
                tag: "appointment:rec-\(index)", lastWrittenChangeKey: "DwAAABYAAAA-\(index)", folderID: "calendar")
        }
        func store(_ name: String) async throws -> SQLiteSyncStore {
            let store = try SQLiteSyncStore(path: directory.appendingPathComponent(name).path)
            try await store.registerEnvironment("prextra", configFingerprint: nil)
            try await store.enrolMailbox(environment: "prextra", address: mailbox)
            return store
        }

        // 1. One unit of work with every link (a first sync of a big mailbox).
        let single = try await store("single.sqlite")
        var work = UnitOfWork(environment: "prextra")
        for index in 0..<count { work.createLink(link(index)) }
        let singleInsert = try await clock.measure { try await single.commit(work) }
        var readBack: [StoredLink] = []
        let read = try await clock.measure {
            readBack = try await single.links(environment: "prextra", mailbox: mailbox, entity: nil)
        }
        precondition(readBack.count == count && Set(readBack.map(\.itemID)).count == count)
        let lookups = min(count, 10_000)
        let lookup = try await clock.measure {
            for index in 0..<lookups {
                _ = try await single.link(environment: "prextra", mailbox: mailbox, itemID: "AAMkADk0ZjE2-item-\(index)")
            }
        }

        // 2. Units of work of 500 links.
        let batched = try await store("batched.sqlite")
        let batchedInsert = try await clock.measure {
            for start in stride(from: 0, to: count, by: 500) {
                var work = UnitOfWork(environment: "prextra")
                for index in start..<min(start + 500, count) { work.createLink(link(index)) }
                try await batched.commit(work)
            }
        }

        // 3. Baseline: bare GRDB, one prepared INSERT per row of the same columns, one transaction.
        let pool = try DatabasePool(path: directory.appendingPathComponent("bare.sqlite").path)
        try await pool.write { db in
            try db.execute(sql: """
                CREATE TABLE link (id INTEGER PRIMARY KEY, environment TEXT, mailbox TEXT, entity TEXT, record_id TEXT,
                    item_id TEXT, change_key TEXT, base TEXT, tag TEXT, last_written_change_key TEXT, folder_id TEXT,
                    UNIQUE (environment, mailbox, entity, record_id), UNIQUE (environment, mailbox, item_id))
                """)
        }
        let baseJSON = String(decoding: try JSONEncoder().encode(base), as: UTF8.self)
        let bareInsert = try await clock.measure {
            try await pool.write { db in
                let statement = try db.makeStatement(sql: "INSERT INTO link VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                for index in 0..<count {
                    try statement.execute(arguments: [
                        "prextra", mailbox.rawValue, "appointment", "rec-\(index)", "AAMkADk0ZjE2-item-\(index)",
                        "DwAAABYAAAA-\(index)", baseJSON, "appointment:rec-\(index)", "DwAAABYAAAA-\(index)", "calendar",
                    ])
                }
            }
        }
        let bareRead = try await clock.measure {
            _ = try await pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM link").count }
        }

        // 4. What the JSON of the base costs alone (Codable, as the store does it).
        var encodedBases: [Data] = []
        encodedBases.reserveCapacity(count)
        let encodeOnly = clock.measure {
            for _ in 0..<count {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                encodedBases.append(try! encoder.encode(base))
            }
        }
        let decodeOnly = clock.measure {
            for data in encodedBases { _ = try! JSONDecoder().decode(FieldSet.self, from: data) }
        }

        func ms(_ duration: Duration) -> Double { duration.timeInterval * 1000 }
        func line(_ label: String, _ duration: Duration, per: Int) {
            print(String(format: "%-52@ %9.1f ms  %7.2f µs/link", label as NSString, ms(duration), ms(duration) * 1000 / Double(per)))
        }
        print("SQLiteSyncStore, \(count) links, release")
        line("insert, one unit of work", singleInsert, per: count)
        line("insert, units of work of 500", batchedInsert, per: count)
        line("insert, bare GRDB prepared statement (baseline)", bareInsert, per: count)
        line("read back all links (decoded)", read, per: count)
        line("read back all rows, bare GRDB (baseline)", bareRead, per: count)
        line("JSON-encode the base alone (Codable)", encodeOnly, per: count)
        line("JSON-decode the base alone (Codable)", decodeOnly, per: count)
        line("look up \(lookups) links by item id, one read each", lookup, per: lookups)
        print(String(format: "ratios: store insert / bare = %.1f, store read / bare = %.1f",
                     ms(singleInsert) / ms(bareInsert), ms(read) / ms(bareRead)))
        let size = try FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent("single.sqlite").path)[.size] as? Int ?? 0
        print("file size after one unit of work: \(size / 1_000_000) MB (plus WAL)")
    }
}

extension Duration {
    var timeInterval: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
