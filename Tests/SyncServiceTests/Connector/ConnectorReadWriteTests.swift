import ExchangeSimulator
import ExchangeWebServices
import Foundation
import SyncEngine
import SyncService
import Testing

/// Reading (paging, cursors, tag search) and writing (patches, conflicts, deletes) against the simulator.
@Suite("EWS connector reads and writes")
struct ConnectorReadWriteTests {
    let alice = SimulatorFixture.alice
    let bob = SimulatorFixture.bob

    static func contact(_ number: Int) -> ContactFields {
        ContactFields(
            givenName: "Client", surname: "N°\(number)", displayName: "Client \(number)", companyName: "Société \(number)",
            jobTitle: "Acheteur", emailAddresses: ["client\(number)@example.com", "autre\(number)@example.com"])
    }

    @Test func pagesSmallerThanTheFolderReadEveryItemOnce() async throws {
        try await SimulatorFixture.with { fixture in
            let connector = try fixture.connector()
            for number in 1...5 {
                _ = try await connector.create(Self.contact(number).fields, kind: .contact, record: RecordID("c\(number)"), in: bob)
            }
            var seen: [SyncEngine.ItemID] = []
            var cursor: String?
            var pages: [FolderChangePage] = []
            repeat {
                let page = try await connector.changes(of: .contact, in: bob, since: cursor, maxChanges: 2)
                pages.append(page)
                seen += page.changes.changed.map(\.id)
                cursor = page.nextCursor
            } while pages.last?.hasMore == true
            #expect(pages.count == 3)
            #expect(pages.map(\.changes.changed.count) == [2, 2, 1])
            #expect(pages.dropLast().allSatisfy { $0.hasMore })
            #expect(Set(seen).count == 5 && seen.count == 5)
            // Nothing changed since the last cursor: an empty page.
            let after = try await connector.changes(of: .contact, in: bob, since: cursor, maxChanges: 2)
            #expect(after.changes.changed.isEmpty && after.changes.deleted.isEmpty && !after.hasMore)
        }
    }

    @Test func aCorruptCursorIsRejected() async throws {
        try await SimulatorFixture.with { fixture in
            let connector = try fixture.connector()
            let start = try await connector.readAll(.task, in: alice)
            let corrupt = String(start.cursor.reversed())
            await #expect(throws: MailboxConnectorError.cursorRejected(kind: .task, mailbox: alice)) {
                try await connector.changes(of: .task, in: alice, since: corrupt, maxChanges: 10)
            }
        }
    }

    @Test func tagSearchFindsTheCreatedItemOnly() async throws {
        try await SimulatorFixture.with { fixture in
            let connector = try fixture.connector()
            let reference = try await connector.create(Self.contact(42).fields, kind: .contact, record: "crm-42", in: alice)
            _ = try await connector.create(Self.contact(43).fields, kind: .contact, record: "crm-43", in: alice)
            let found = try await connector.items(
                taggedWith: [SyncTag(record: "crm-42"), SyncTag(record: "crm-never-created")], kind: .contact, in: alice)
            #expect(found.map(\.reference) == [reference])
            #expect(found.first?.tag == SyncTag(record: "crm-42"))
            #expect(found.first?.fields == Self.contact(42).fields)
            #expect(try await connector.items(taggedWith: [SyncTag(record: "crm-42")], kind: .task, in: alice).isEmpty)
        }
    }

    @Test func anUpdateWritesThePatchOnlyAndClearsClearedFields() async throws {
        try await SimulatorFixture.with { fixture in
            let connector = try fixture.connector()
            let original = Self.contact(7)
            let reference = try await connector.create(original.fields, kind: .contact, record: "c7", in: alice)
            // Outlook's user sets a department the CRM never had; the CRM's patch must not undo it.
            let summary = try fixture.exchange.updateItem(in: alice.rawValue, id: reference.id.rawValue, set: ["Department": "Ventes"])
            var target = original
            target.jobTitle = nil
            target.emailAddresses = ["client7@example.com"]
            target.phones = [.mobile: "+41 79 555 01 07"]
            let patch = FieldPatch(from: original.fields, to: target.fields)
            #expect(patch.cleared == [FieldName.jobTitle, FieldName.emailAddresses[1]])
            let current = ItemReference(id: reference.id, changeKey: ChangeKey(summary.changeKey))
            let results = try await connector.apply(
                [.update(item: current, patch: patch, tag: nil, sendMeetingInvitations: false)], kind: .contact, in: alice)
            guard case .written(let written)? = results.first else { Issue.record("\(results)"); return }
            #expect(written.id == reference.id && written.changeKey != current.changeKey)
            let item = try #require(try await connector.itemOf("c7", kind: .contact, in: alice))
            target.department = "Ventes"
            #expect(item.fields == target.fields)
            #expect(item.reference == written)
        }
    }

    @Test func aStaleChangeKeyIsAConflictAndNothingIsWritten() async throws {
        try await SimulatorFixture.with { fixture in
            let connector = try fixture.connector()
            let task = TaskFields(subject: "Rappeler", status: .notStarted)
            let reference = try await connector.create(task.fields, kind: .task, record: "t1", in: alice)
            try fixture.exchange.updateItem(in: alice.rawValue, id: reference.id.rawValue, set: ["Subject": "Rappeler (Outlook)"])
            let patch = FieldPatch(values: [FieldName.subject: .text("Rappeler (CRM)")])
            let results = try await connector.apply(
                [.update(item: reference, patch: patch, tag: nil, sendMeetingInvitations: false)], kind: .task, in: alice)
            #expect(results == [.conflict])
            let item = try #require(try await connector.itemOf("t1", kind: .task, in: alice))
            #expect(item.fields[FieldName.subject] == .text("Rappeler (Outlook)"))
        }
    }

    @Test func deletesMoveToDeletedItemsAndVanishedItemsAreReportedAsSuch() async throws {
        try await SimulatorFixture.with { fixture in
            let connector = try fixture.connector()
            let reference = try await connector.create(TaskFields(subject: "Jetable").fields, kind: .task, record: "t2", in: alice)
            let start = try await connector.readAll(.task, in: alice)
            let first = try await connector.apply([.delete(item: reference, sendMeetingCancellations: false)], kind: .task, in: alice)
            #expect(first == [.deleted])
            // Deleting again, or updating, what is gone.
            let again = try await connector.apply(
                [
                    .delete(item: reference, sendMeetingCancellations: false),
                    .update(item: reference, patch: FieldPatch(values: [FieldName.subject: .text("x")]), tag: nil, sendMeetingInvitations: false),
                ], kind: .task, in: alice)
            #expect(again == [.deleted, .notFound])
            let changes = try await connector.readAll(.task, in: alice, since: start.cursor)
            #expect(changes.deleted == [reference.id])
            let trash = try fixture.exchange.items(in: alice.rawValue, folder: "deleteditems")
            #expect(trash.count == 1)
        }
    }

    @Test func oneBatchMixesCreatesUpdatesAndDeletesAndAnswersInOrder() async throws {
        try await SimulatorFixture.with { fixture in
            let connector = try fixture.connector()
            let kept = try await connector.create(Self.contact(1).fields, kind: .contact, record: "k1", in: bob)
            let doomed = try await connector.create(Self.contact(2).fields, kind: .contact, record: "k2", in: bob)
            fixture.exchange.clearRequestLog()
            let intent = PendingIntent(mailbox: bob, kind: .contact, recordID: "k3", fields: Self.contact(3).fields, createdAt: Date())
            let bad = PendingIntent(
                mailbox: bob, kind: .contact, recordID: "k4", fields: [FieldName.givenName: .integer(4)], createdAt: Date())
            let results = try await connector.apply(
                [
                    .delete(item: doomed, sendMeetingCancellations: false),
                    .create(intent: intent, sendMeetingInvitations: false),
                    .update(item: kept, patch: FieldPatch(values: [FieldName.jobTitle: .text("Chef")]), tag: SyncTag(record: "k1b"), sendMeetingInvitations: false),
                    .create(intent: bad, sendMeetingInvitations: false),
                ], kind: .contact, in: bob)
            #expect(results.count == 4)
            #expect(results[0] == .deleted)
            guard case .written = results[1], case .written = results[2], case .failed(let code, _) = results[3] else {
                Issue.record("\(results)")
                return
            }
            #expect(code == "PrextraMappingError")
            #expect(fixture.exchange.requestLog.map(\.operation).sorted() == ["CreateItem", "DeleteItem", "UpdateItem"])
            let items = try await connector.readAll(.contact, in: bob).items
            #expect(Set(items.compactMap(\.tag)) == [SyncTag(record: "k1b"), SyncTag(record: "k3")])
        }
    }
}
