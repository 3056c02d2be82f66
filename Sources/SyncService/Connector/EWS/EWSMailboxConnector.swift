import ExchangeWebServices
import Foundation
import Logging
import SyncEngine

/// The `MailboxConnector` of mailboxes reached through Exchange Web Services.
///
/// One distinguished folder per entity kind (contacts, calendar, tasks); a folder's cursor is its
/// SyncFolderItems sync state. Items are read with every property the mapping needs plus the
/// connector's named properties (the tag first of all), and written field by field.
public struct EWSMailboxConnector: MailboxConnector {
    public let client: ExchangeWebServicesClient
    let logger: Logger

    /// - Parameter client: a client for the environment's EWS endpoint and token.
    public init(client: ExchangeWebServicesClient, logger: Logger = Logger(label: "SyncService.EWSMailboxConnector")) {
        self.client = client
        self.logger = logger
    }

    /// The folder that holds `kind` in every mailbox.
    public static func folder(of kind: EntityKind) -> FolderID {
        switch kind {
        case .contact: .distinguished(.contacts)
        case .appointment: .distinguished(.calendar)
        case .task: .distinguished(.tasks)
        }
    }

    static func holdsKind(_ item: Item, _ kind: EntityKind) -> Bool {
        switch kind {
        case .contact: item.contact != nil
        case .appointment: item.calendarItem != nil
        case .task: item.task != nil
        }
    }

    /// The properties read for an item of `kind`.
    static func shape(of kind: EntityKind) -> ItemShape {
        let itemKind: ItemShape.ItemKind =
            switch kind {
            case .contact: .contact
            case .appointment: .calendarItem
            case .task: .task
            }
        return .modelled(itemKind, extendedProperties: EWSNamedProperties.paths(for: kind))
    }

    /// Tags searched by one FindItem (Exchange bounds the size of a restriction).
    static let tagsPerSearch = 100

    // MARK: Reading

    public func changes(of kind: EntityKind, in mailbox: MailboxAddress, since cursor: String?, maxChanges: Int) async throws
        -> FolderChangePage
    {
        let page: SyncFolderItemsPage
        do {
            page = try await client.folderChanges(
                in: Self.folder(of: kind), syncState: cursor, shape: Self.shape(of: kind),
                maxChanges: min(max(maxChanges, 1), ExchangeWebServicesClient.maxSyncChanges), mailbox: mailbox.rawValue)
        } catch let error as EWSError where error.code == .errorInvalidSyncStateData {
            throw MailboxConnectorError.cursorRejected(kind: kind, mailbox: mailbox)
        }
        var changedItems: [Item] = []
        var deleted = Set<SyncEngine.ItemID>()
        for change in page.changes {
            switch change {
            case .create(let item), .update(let item): changedItems.append(item)
            case .delete(let id): deleted.insert(SyncEngine.ItemID(id.id))
            case .readFlagChange: break
            }
        }
        let read = try await readItems(from: changedItems, kind: kind, mailbox: mailbox)
        return FolderChangePage(
            changes: MailboxChanges(changed: read.items, deleted: deleted, unreadable: read.unreadable), nextCursor: page.syncState,
            hasMore: !page.includesLastItemInRange)
    }

    public func items(taggedWith tags: [SyncTag], kind: EntityKind, in mailbox: MailboxAddress) async throws -> [OutlookItem] {
        // One FindItem per batch of tags (an Or of IsEqualTo), not one per tag: a user who
        // deletes many items at once costs a request or two, not one per item.
        var ids: [String] = []
        var seen = Set<String>()
        let sorted = Set(tags).sorted().map(\.rawValue)
        for start in stride(from: 0, to: sorted.count, by: Self.tagsPerSearch) {
            let found = try await client.findItems(
                where: EWSNamedProperties.tag, equalsAny: Array(sorted[start..<min(start + Self.tagsPerSearch, sorted.count)]),
                in: Self.folder(of: kind), mailbox: mailbox.rawValue)
            for id in found.compactMap(\.id?.id) where seen.insert(id).inserted { ids.append(id) }
        }
        guard !ids.isEmpty else { return [] }
        var items: [Item] = []
        for result in await client.getItems(ids.map { ExchangeWebServices.ItemID($0) }, shape: Self.shape(of: kind), mailbox: mailbox.rawValue) {
            switch result {
            case .success(let item): items.append(item)
            // Deleted between the search and the read: not there any more.
            case .failure(let error) where error.code == .errorItemNotFound: continue
            case .failure(let error): throw error
            }
        }
        return try await outlookItems(from: items, kind: kind, mailbox: mailbox)
    }

    /// Maps items read from the mailbox. An item the mapping cannot read (a shape no engine model
    /// has) is logged and left out rather than stopping the folder's sync for good.
    func outlookItems(from items: [Item], kind: EntityKind, mailbox: MailboxAddress) async throws -> [OutlookItem] {
        try await readItems(from: items, kind: kind, mailbox: mailbox).items
    }

    /// Maps items read from the mailbox, and names those the mapping cannot read: they are still
    /// in the folder (unreadable is not deleted).
    func readItems(from items: [Item], kind: EntityKind, mailbox: MailboxAddress) async throws
        -> (items: [OutlookItem], unreadable: Set<SyncEngine.ItemID>)
    {
        var unreadable = Set<SyncEngine.ItemID>()
        var occurrenceDetails: [String: CalendarItem] = [:]
        if kind == .appointment {
            occurrenceDetails = try await AppointmentOccurrences.details(of: items, client: client, mailbox: mailbox.rawValue)
        }
        var result: [OutlookItem] = []
        for item in items {
            guard let id = item.id, let changeKey = id.changeKey else { continue }
            // Distribution lists in Contacts, or any other type the engine does not sync, are not ours.
            guard Self.holdsKind(item, kind) else {
                logger.debug("Item of another type left out", metadata: ["mailbox": "\(mailbox)", "item": "\(id.id)"])
                continue
            }
            do {
                let fields: FieldSet
                if kind == .appointment {
                    fields = try AppointmentItemMapping.fields(of: item, occurrenceDetails: occurrenceDetails)
                } else {
                    fields = try EWSItemMappings.mapping(for: kind).fields(of: item)
                }
                let tag = item.properties.extendedProperties.value(for: EWSNamedProperties.tag)
                    .flatMap { $0.isEmpty ? nil : SyncTag(rawValue: $0) }
                result.append(
                    OutlookItem(
                        reference: ItemReference(id: SyncEngine.ItemID(id.id), changeKey: ChangeKey(changeKey)), fields: fields,
                        tag: tag, modifiedAt: item.properties.lastModifiedTime))
            } catch {
                unreadable.insert(SyncEngine.ItemID(id.id))
                logger.warning(
                    "Item left out of the sync: the connector cannot read it",
                    metadata: ["mailbox": "\(mailbox)", "kind": "\(kind.rawValue)", "item": "\(id.id)", "problem": "\(error)"])
            }
        }
        return (result, unreadable)
    }
}
