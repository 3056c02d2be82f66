import Foundation
import SyncEngine
import SyncService
import Testing

/// Small steps the connector tests repeat: create one item, read a whole folder.
extension MailboxConnector {
    /// Creates one item for `record` and returns its reference (fails the test otherwise).
    func create(
        _ fields: FieldSet, kind: EntityKind, record: RecordID, in mailbox: MailboxAddress, sendMeetingInvitations: Bool = false,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> ItemReference {
        let intent = PendingIntent(mailbox: mailbox, kind: kind, recordID: record, fields: fields, createdAt: Date())
        let results = try await apply(
            [.create(intent: intent, sendMeetingInvitations: sendMeetingInvitations)], kind: kind, in: mailbox)
        guard case .written(let reference)? = results.first else {
            Issue.record("create of \(record) gave \(results)", sourceLocation: sourceLocation)
            throw ConnectorTestFailure.notWritten
        }
        return reference
    }

    /// Every page of the folder's changes since `cursor`, merged, with the last cursor and the page count.
    func readAll(
        _ kind: EntityKind, in mailbox: MailboxAddress, since cursor: String? = nil, maxChanges: Int = 512, linkedItems: Set<ItemID> = []
    ) async throws
        -> (items: [OutlookItem], deleted: Set<ItemID>, cursor: String, pages: Int)
    {
        var items: [OutlookItem] = []
        var deleted = Set<ItemID>()
        var cursor = cursor
        var pages = 0
        while true {
            let page = try await changes(of: kind, in: mailbox, since: cursor, maxChanges: maxChanges, linkedItems: linkedItems)
            pages += 1
            items.removeAll { item in page.changes.changed.contains { $0.id == item.id } }
            items += page.changes.changed
            deleted.formUnion(page.changes.deleted)
            cursor = page.nextCursor
            if !page.hasMore { return (items, deleted, page.nextCursor, pages) }
        }
    }

    /// The item of `record`, read through the change stream from the beginning.
    func itemOf(_ record: RecordID, kind: EntityKind, in mailbox: MailboxAddress) async throws -> OutlookItem? {
        try await readAll(kind, in: mailbox).items.first { $0.tag == SyncTag(record: record) }
    }
}

enum ConnectorTestFailure: Error { case notWritten }

/// Instants written the way people read them: `at("2026-03-08T01:30:00", "America/New_York")`.
func at(_ local: String, _ zone: String) -> Date {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
    formatter.timeZone = TimeZone(identifier: zone)!
    return formatter.date(from: local)!
}

func day(_ text: String) -> LocalDate { LocalDate(text)! }
