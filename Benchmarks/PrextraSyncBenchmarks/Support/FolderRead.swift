import ExchangeWebServices
import Foundation

/// Reads a whole folder the way a first sync does: SyncFolderItems IdOnly pages of 512, then
/// GetItem in batches for the page's items with the properties the sync engine uses. Items are
/// counted and dropped page by page, as a sync applies and forgets them.
enum FolderRead {
    struct Outcome {
        var items = 0
        var pages = 0
    }

    static func read(
        _ folder: DistinguishedFolderName, kind: ItemShape.ItemKind, mailbox: String, client: ExchangeWebServicesClient
    ) async throws -> Outcome {
        var outcome = Outcome()
        var state: String?
        while true {
            let page = try await client.folderChanges(in: .distinguished(folder), syncState: state, shape: .modelled(kind), mailbox: mailbox)
            outcome.pages += 1
            for change in page.changes {
                if case .create = change { outcome.items += 1 }
            }
            state = page.syncState
            if page.includesLastItemInRange { break }
        }
        return outcome
    }

    /// The fewest requests a full read can take: one SyncFolderItems per 512 items (at least
    /// one), and one GetItem per `batch` items.
    static func minimumRequests(items: Int, batch: Int) -> (syncFolderItems: Int, getItem: Int) {
        (max(1, (items + 511) / 512), (items + batch - 1) / batch)
    }

    /// The same when GetItem batches cannot span pages (what `folderChanges` does).
    static func minimumRequestsPerPage(items: Int, batch: Int) -> Int {
        let fullPages = items / 512
        let rest = items % 512
        return fullPages * ((512 + batch - 1) / batch) + (rest + batch - 1) / batch
    }
}
