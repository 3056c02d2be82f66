import Foundation
import Synchronization
import SyncEngine
@testable import SyncService
import SyncStore
import Testing

/// Invariant 1: no duplicates, ever, whatever step a cycle is interrupted at.
@Suite("No duplicates")
struct NoDuplicateTests {
    let bob = CycleHarness.bob

    static let contact = ContactFields(
        givenName: "Jean", surname: "Dupont", displayName: "Jean Dupont", companyName: "Dupont SA", emailAddresses: ["jean@dupont.example"],
        categories: ["Prextra"])

    @Test("The intent is durable when CreateItem is sent, and the created item carries the tag")
    func intentBeforeCreate() async throws {
        try await CycleHarness.with { harness in
            try await harness.upsert(.contact, "c1", Self.contact.fields)
            let seenIntents = Mutex<[StoredIntent]>([])
            var cycle = harness.cycle(bob)
            cycle.connector = ObservingConnector(base: harness.connector) { operations, _ in
                guard operations.contains(where: { if case .create = $0 { true } else { false } }) else { return }
                let pending = try await harness.pendingIntents(CycleHarness.bob)
                seenIntents.withLock { $0 = pending }
            }
            let summary = try await cycle.run()
            #expect(summary.counts.itemsCreated == 1)

            let seen = seenIntents.withLock { $0 }
            #expect(seen.map(\.record) == [RecordKey(.contact, "c1")])
            #expect(seen.first?.fields == Self.contact.fields)
            let item = try await harness.item(.contact, of: "c1", in: bob)
            #expect(item.tag?.rawValue == seen.first?.tag)
            #expect(item.fields == Self.contact.fields)
            // Committed: the link holds the item, the intent is resolved.
            #expect(try await harness.links(bob).map(\.itemID) == [item.id.rawValue])
            #expect(try await harness.pendingIntents(bob).isEmpty)
        }
    }

    enum CrashPoint: String, CaseIterable, Sendable {
        /// After the intents are persisted, before CreateItem is sent.
        case beforeOutlookWrites
        /// After CreateItem succeeded, before the unit of work is committed.
        case beforeCommit
    }

    @Test("A cycle interrupted around CreateItem is completed by the next one with exactly one item", arguments: CrashPoint.allCases)
    func crashAroundCreate(_ point: CrashPoint) async throws {
        try await CycleHarness.with { harness in
            try await harness.upsert(.contact, "c1", Self.contact.fields)
            try await harness.upsert(.task, "t1", TaskFields(subject: "Relancer Dupont", dueDate: LocalDate("2026-03-13")).fields)

            var crashing = harness.cycle(bob)
            switch point {
            case .beforeOutlookWrites:
                crashing.connector = ObservingConnector(base: harness.connector) { _, _ in throw InjectedCrash() }
            case .beforeCommit:
                crashing.beforeCommit = { throw InjectedCrash() }
            }
            await #expect(throws: SyncCycleError.self) { try await crashing.run() }

            // Nothing was committed: no link, the intents wait, the cursors did not move.
            #expect(try await harness.links(bob).isEmpty)
            #expect(try await harness.pendingIntents(bob).count == 2)
            let createdBeforeRecovery = try await harness.items(.contact, in: bob).count
            #expect(createdBeforeRecovery == (point == .beforeCommit ? 1 : 0))
            let status = try await harness.store.mailbox(environment: CycleHarness.environment, address: bob)
            #expect(status?.lastFailure != nil)

            let requests = try await harness.requests { try await harness.sync(bob) }
            #expect(requests.count(of: "CreateItem") == (point == .beforeCommit ? 0 : 2))
            _ = try await harness.item(.contact, of: "c1", in: bob)
            _ = try await harness.item(.task, of: "t1", in: bob)
            #expect(try await harness.items(.contact, in: bob).count == 1)
            #expect(try await harness.links(bob).count == 2)
            #expect(try await harness.pendingIntents(bob).isEmpty)
            #expect(try await harness.store.mailbox(environment: CycleHarness.environment, address: bob)?.lastFailure == nil)

            // And the steady state follows.
            let quiet = try await harness.requests { try await harness.sync(bob) }
            #expect(quiet.writes.isEmpty)
        }
    }

    @Test("A worker that lost the mailbox's lease cannot commit; the new holder links its creates without duplicating")
    func leaseLostBeforeCommit() async throws {
        try await CycleHarness.with { harness in
            try await harness.upsert(.contact, "c1", Self.contact.fields)
            let resource = LeaseResource.mailbox(environment: CycleHarness.environment, address: bob)
            let first = try #require(try await harness.store.acquireLease(resource, holder: "worker-a", duration: .seconds(600)))
            var stale = harness.cycle(bob)
            stale.lease = first
            stale.beforeCommit = {
                // Worker A stalls; its mailbox passes to worker B.
                try await harness.store.releaseLease(first)
                _ = try await harness.store.acquireLease(resource, holder: "worker-b", duration: .seconds(600))
            }
            do throws(SyncCycleError) {
                try await stale.run()
                Issue.record("a cycle committed under a lost lease")
            } catch {
                #expect(error.isLeaseLost)
            }
            #expect(try await harness.links(bob).isEmpty)
            let run = try await harness.store.runs(environment: CycleHarness.environment, mailbox: bob, limit: 1).first
            #expect(run?.outcome == .abandoned)
            #expect(try await harness.store.mailbox(environment: CycleHarness.environment, address: bob)?.lastFailure == nil)

            let current = try #require(try await harness.store.currentLease(resource))
            var next = harness.cycle(bob)
            next.lease = current
            let requests = try await harness.requests { try await next.run() }
            #expect(requests.count(of: "CreateItem") == 0)
            #expect(try await harness.items(.contact, in: bob).count == 1)
            #expect(try await harness.links(bob).count == 1)
        }
    }

    @Test("An update interrupted before its commit converges without a second write or a conflict")
    func crashAfterUpdate() async throws {
        try await CycleHarness.with { harness in
            try await harness.upsert(.contact, "c1", Self.contact.fields)
            try await harness.sync(bob)
            var changed = Self.contact
            changed.jobTitle = "Directeur"
            try await harness.upsert(.contact, "c1", changed.fields)

            var crashing = harness.cycle(bob)
            crashing.beforeCommit = { throw InjectedCrash() }
            await #expect(throws: SyncCycleError.self) { try await crashing.run() }
            #expect(try await harness.item(.contact, of: "c1", in: bob).fields == changed.fields)

            let recovery = try await harness.sync(bob)
            #expect(recovery.counts.conflicts == 0)
            #expect(try await harness.record(.contact, "c1")?.fields == changed.fields)
            let quiet = try await harness.requests { try await harness.sync(bob) }
            #expect(quiet.writes.isEmpty)
            #expect(try await harness.item(.contact, of: "c1", in: bob).fields == changed.fields)
        }
    }

    @Test("A record owned by two mailboxes becomes one item in each, and an edit in one reaches the other")
    func severalOwners() async throws {
        try await CycleHarness.with { harness in
            let alice = CycleHarness.alice
            try await harness.upsert(.contact, "shared", Self.contact.fields, owners: [alice, bob])
            try await harness.sync(alice)
            try await harness.sync(bob)
            let aliceItem = try await harness.item(.contact, of: "shared", in: alice)
            _ = try await harness.item(.contact, of: "shared", in: bob)

            try harness.exchange.updateItem(in: alice.rawValue, id: aliceItem.id.rawValue, set: ["JobTitle": "Gérant"])
            try await harness.sync(alice)
            #expect(try await harness.record(.contact, "shared")?.fields[FieldName.jobTitle] == .text("Gérant"))
            try await harness.sync(bob)
            #expect(try await harness.item(.contact, of: "shared", in: bob).fields[FieldName.jobTitle] == .text("Gérant"))
            // Alice does not get her own change back.
            let quiet = try await harness.requests {
                try await harness.sync(alice)
                try await harness.sync(bob)
            }
            #expect(quiet.writes.isEmpty)
            #expect(try await harness.items(.contact, in: bob).count == 1)
        }
    }

    @Test("A rejected cursor makes a full resync that re-matches by tag without duplicating or writing")
    func fullResyncAfterRejectedCursor() async throws {
        try await CycleHarness.with { harness in
            try await harness.upsert(.contact, "c1", Self.contact.fields)
            try await harness.upsert(.task, "t1", TaskFields(subject: "Relancer").fields)
            try await harness.sync(bob)
            let linksBefore = try await harness.links(bob)

            // Exchange forgets the sync state (ErrorInvalidSyncStateData on the next SyncFolderItems).
            let folder = FolderName.of(.contact)
            let cursor = try await harness.store.syncState(environment: CycleHarness.environment, mailbox: bob, folderID: folder)
            try await harness.store.perform(environment: CycleHarness.environment) { work in
                work.setSyncState(mailbox: CycleHarness.bob, folderID: folder, from: cursor, to: "AAAAAAAA")
            }

            var summary: SyncRunSummary?
            let requests = try await harness.requests { summary = try await harness.sync(bob) }
            #expect(summary?.fullResyncs == [.contact])
            #expect(requests.writes.isEmpty)
            // The same links; the reads saw their items, so they no longer await read-back.
            let linksAfter = try await harness.links(bob)
            #expect(linksAfter.allSatisfy { !$0.awaitsReadBack })
            #expect(linksAfter == linksBefore.map { link in
                var link = link
                link.awaitsReadBack = false
                return link
            })
            #expect(try await harness.items(.contact, in: bob).count == 1)
            let newCursor = try await harness.store.syncState(environment: CycleHarness.environment, mailbox: bob, folderID: folder)
            #expect(newCursor != "AAAAAAAA")
            #expect(try await harness.requests { try await harness.sync(bob) }.writes.isEmpty)
        }
    }
    /// The chaos test's finding (CI, seed 2026): a create interrupted before its commit, then the
    /// user moves the new item away while the next cycle looks for it by its tag. The cycle does not
    /// find it and creates the item again; the first one comes back under a new id, carrying the
    /// same tag. Ignored as a user's item, that copy stayed forever, even after the record was deleted.
    @Test("An item our interrupted create left behind, found after the create was retried, is removed as a duplicate")
    func copyFoundAfterRetriedCreate() async throws {
        try await CycleHarness.with { harness in
            try await harness.upsert(.contact, "c1", Self.contact.fields)
            var crashing = harness.cycle(bob)
            crashing.beforeCommit = { throw InjectedCrash() }
            await #expect(throws: SyncCycleError.self) { try await crashing.run() }
            let first = try await harness.item(.contact, of: "c1", in: bob)

            // Away while the recovering cycle searches for the tag: the create is retried.
            let away = try harness.exchange.moveItem(in: bob.rawValue, id: first.id.rawValue, to: "inbox")
            try await harness.sync(bob)
            let second = try await harness.item(.contact, of: "c1", in: bob)
            let back = try harness.exchange.moveItem(in: bob.rawValue, id: away.id, to: "contacts")
            #expect(try await harness.items(.contact, in: bob).count == 2)

            // The copy is seen: one item stays, the linked one.
            let requests = try await harness.requests { try await harness.sync(bob) }
            #expect(requests.count(of: "DeleteItem") == 1)
            let left = try await harness.items(.contact, in: bob)
            #expect(left.map(\.id) == [second.id], "the copy \(back.id) is removed, the linked item stays")
            #expect(try await harness.links(bob).map(\.itemID) == [second.id.rawValue])
            #expect(try await harness.record(.contact, "c1")?.isDeleted == false)
            #expect(try await harness.outlookFeed().isEmpty, "the ERP hears of no delete")
            #expect(try await harness.requests { try await harness.sync(bob) }.writes.isEmpty)
        }
    }
}
