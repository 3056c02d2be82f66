import SyncEngine

/// Every page of one folder's changes since a cursor, merged into one `MailboxChanges`.
struct FolderRead: Sendable {
    var changes: MailboxChanges
    /// The cursor after the last page.
    var nextCursor: String
    /// The stored cursor was rejected and the folder was read from the beginning.
    var isFullResync: Bool

    /// Reads all pages since `cursor`; when the server rejects the cursor, reads the whole folder
    /// from `nil` instead and marks the result complete, so that the engine re-matches every item
    /// by tag and content (and counts a linked item that is absent as deleted).
    ///
    /// - Parameter firstPage: the first page since `cursor`, when the caller read it already.
    static func read(
        _ kind: EntityKind, in mailbox: MailboxAddress, since cursor: String?, using connector: any MailboxConnector,
        pageSize: Int, linkedItems: Set<ItemID> = [], firstPage: FolderChangePage? = nil, onPage: (Int) -> Void
    ) async throws -> FolderRead {
        do {
            return try await readPages(
                kind, mailbox, since: cursor, connector, pageSize, linkedItems, onPage, complete: cursor == nil, firstPage: firstPage)
        } catch MailboxConnectorError.cursorRejected where cursor != nil {
            var read = try await readPages(kind, mailbox, since: nil, connector, pageSize, linkedItems, onPage, complete: true)
            read.isFullResync = true
            return read
        }
    }

    /// - Parameter complete: reading from `nil` returns every item, so the result is the whole folder.
    private static func readPages(
        _ kind: EntityKind, _ mailbox: MailboxAddress, since cursor: String?, _ connector: any MailboxConnector,
        _ pageSize: Int, _ linkedItems: Set<ItemID>, _ onPage: (Int) -> Void, complete: Bool, firstPage: FolderChangePage? = nil
    ) async throws -> FolderRead {
        var changed: [ItemID: OutlookItem] = [:]
        var order: [ItemID] = []
        var deleted = Set<ItemID>()
        var unreadable = Set<ItemID>()
        var next = cursor
        var given = firstPage
        while true {
            try Task.checkCancellation()
            let page: FolderChangePage
            if let first = given {
                page = first
                given = nil
            } else {
                page = try await connector.changes(of: kind, in: mailbox, since: next, maxChanges: pageSize, linkedItems: linkedItems)
            }
            // Later pages win: an item changed then deleted is deleted, deleted then re-reported is changed.
            for item in page.changes.changed {
                if changed.updateValue(item, forKey: item.id) == nil { order.append(item.id) }
                deleted.remove(item.id)
                unreadable.remove(item.id)
            }
            for id in page.changes.unreadable {
                changed[id] = nil
                deleted.remove(id)
                unreadable.insert(id)
            }
            for id in page.changes.deleted {
                changed[id] = nil
                unreadable.remove(id)
                deleted.insert(id)
            }
            onPage(page.changes.changed.count + page.changes.deleted.count)
            next = page.nextCursor
            if !page.hasMore { break }
        }
        let items = order.compactMap { changed[$0] }
        return FolderRead(
            changes: MailboxChanges(
                changed: items, deleted: complete ? [] : deleted, isComplete: complete, unreadable: unreadable),
            nextCursor: next ?? "", isFullResync: false)
    }
}
