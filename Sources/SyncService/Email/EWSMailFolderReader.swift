import ExchangeWebServices
import Foundation
import SyncEngine

/// Reads Inbox and Sent Items for e-mail tracking through EWS, incrementally and bounded.
///
/// One SyncFolderItems per page returns the ids of created and changed messages with their
/// `DateTimeReceived` only; a batched GetItem then reads the properties tracking needs, for the
/// messages received inside the window alone. Older messages cost an id in a page, never a read:
/// the first sync never reads the whole mailbox. In steady state a folder costs one request.
/// Deletions are ignored: tracking is one way, and the CRM keeps the history.
public struct EWSMailFolderReader: Sendable {
    public let client: ExchangeWebServicesClient

    public init(client: ExchangeWebServicesClient) { self.client = client }

    public static func folder(_ folder: EmailFolder) -> FolderID {
        switch folder {
        case .inbox: .distinguished(.inbox)
        case .sentItems: .distinguished(.sentItems)
        }
    }

    /// - Parameters:
    ///   - cursor: the folder's SyncState from the last page; nil for the first sync.
    ///   - receivedSince: the start of the window (now minus `Email:LookbackDays`).
    public func read(
        _ folder: EmailFolder, of mailbox: MailboxAddress, cursor: String?, receivedSince: Date,
        maxChanges: Int = ExchangeWebServicesClient.maxSyncChanges
    ) async throws -> EmailFolderPage {
        let page = try await client.syncFolderItems(
            in: Self.folder(folder), syncState: cursor, maxChanges: maxChanges, shape: EWSObservedEmailMapping.windowShape,
            mailbox: mailbox.rawValue)
        var wanted: [ExchangeWebServices.ItemID] = []
        var outsideWindow = 0
        for change in page.changes {
            // A change (a category given later) is read again, inside the window only, like a create.
            guard case .create(let item) = change, let id = item.id else {
                if case .update(let item) = change, let id = item.id { Self.sort(item, id, since: receivedSince, &wanted, &outsideWindow) }
                continue
            }
            Self.sort(item, id, since: receivedSince, &wanted, &outsideWindow)
        }
        var messages: [ObservedEmail] = []
        var unreadable = 0
        if !wanted.isEmpty {
            let results = await client.getItems(
                wanted.map { ExchangeWebServices.ItemID($0.id) }, shape: EWSObservedEmailMapping.shape, mailbox: mailbox.rawValue)
            for result in results {
                switch result {
                case .success(.message(let message)):
                    messages.append(EWSObservedEmailMapping.observed(message, mailbox: mailbox, folder: folder))
                case .failure(let error) where error.kind == .responseMessage && !error.isTransient:
                    // This one message is refused (gone, corrupt): skipped, never holding the folder.
                    unreadable += 1
                case .failure(let error):
                    // The batch failed (throttled, transport): the cursor must not move past it.
                    throw error
                case .success:
                    unreadable += 1
                }
            }
        }
        return EmailFolderPage(
            messages: messages, nextCursor: page.syncState, hasMore: !page.includesLastItemInRange, outsideWindow: outsideWindow,
            unreadable: unreadable)
    }

    /// Wanted when received inside the window (or when the server gave no date); counted otherwise.
    private static func sort(
        _ item: Item, _ id: ExchangeWebServices.ItemID, since: Date, _ wanted: inout [ExchangeWebServices.ItemID], _ outside: inout Int
    ) {
        guard case .message(let message) = item, let received = message.dateTimeReceived, received < since else {
            wanted.append(id)
            return
        }
        outside += 1
    }
}
