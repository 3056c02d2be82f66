import Foundation
import SyncEngine
import Testing
@testable import SyncStore

@Suite("Nothing a write carried leaks into an error")
struct SecretCanaryTests {
    static let canary = "canary-7f3a9c-do-not-print"

    static func expectNoCanary(in errors: [any Error]) {
        for error in errors {
            #expect(error is SyncStoreError)
            #expect(!String(describing: error).contains(canary))
            #expect(!"\(error)".contains("canary"))
        }
    }

    @Test("A refused unit of work's error names the record, never the values it carried", arguments: StoreKind.underTest)
    func refusedUnitOfWorkCarriesNoValues(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let store = try await Fixture.seededStore(in: location)
        try await store.perform(environment: Fixture.environment) { work in
            work.createLink(Fixture.link(Fixture.contact("c1"), item: "i1"))
        }
        var errors: [any Error] = []
        let conflict = Conflict(
            mailbox: Fixture.alice, record: Fixture.contact("c1"), itemID: "i1",
            fields: [ConflictField(name: "notes", base: .text(Self.canary), crm: nil, outlook: nil)], policy: "crm-wins", winner: .crm)
        do {
            try await store.perform(environment: Fixture.environment) { work in
                work.recordConflict(conflict)
                work.applyOutlookChange(
                    OutlookRecordWrite(
                        record: Fixture.contact("missing"), mailbox: Fixture.alice, itemID: Self.canary,
                        change: .update(set: ["notes": .text(Self.canary)], clear: []), expectedVersion: nil))
            }
        } catch { errors.append(error) }

        #expect(errors.count == 1)
        Self.expectNoCanary(in: errors)
    }

    // SQLite-only: writes SQL around the store, through the SQLite store's own `writing`.
    @Test("A refused write's error names tables and ids, never the values it carried")
    func constraintErrorsCarryNoValues() async throws {
        let directory = try TemporaryDirectory()
        let store = try await Fixture.seededStore(at: directory.path("store.sqlite"))
        try await store.perform(environment: Fixture.environment) { work in
            work.createLink(Fixture.link(Fixture.contact("c1"), item: "i1"))
        }
        var errors: [any Error] = []
        do {
            try await store.writing("insert a duplicate", environment: Fixture.environment) { db in
                try db.execute(
                    sql: """
                        INSERT INTO link (environment, mailbox, entity, record_id, item_id, change_key, base, tag, created_at, updated_at)
                        VALUES ('prextra', 'alice@prextra.example', 'contact', 'c2', 'i1', ?, ?, ?, '2027-01-01', '2027-01-01')
                        """,
                    arguments: [Self.canary, "{\"secret\":\"\(Self.canary)\"}", Self.canary])
            }
        } catch { errors.append(error) }
        do {
            try await store.writing("break a check", environment: Fixture.environment) { db in
                try db.execute(
                    sql: "INSERT INTO record (environment, entity, record_id, fields, version, deleted, updated_at) VALUES ('prextra', 'contact', 'x', ?, 0, 0, ?)",
                    arguments: [Self.canary, Self.canary])
            }
        } catch { errors.append(error) }
        #expect(errors.count == 2)
        Self.expectNoCanary(in: errors)
    }
}
