import Foundation
import Logging
import MicrosoftGraph
import Synchronization
import SyncEngine

/// The `MailboxConnector` of mailboxes reached through Microsoft Graph.
///
/// Appointments in the default calendar (`calendarView/delta` over `calendarWindow`, series read
/// from their masters: see `GraphMailboxConnector+Appointments`), contacts, and tasks in the
/// mailbox's default To Do list (tagged by a `linkedResource`).
///
/// - A folder's cursor is where its delta round goes on from: the deltaLink of the last complete
///   round, or a nextLink in the middle of one. A 410 (`syncStateNotFound`) is `cursorRejected`:
///   the cycle resyncs the folder and re-matches by tag and content, as with EWS.
/// - Delta pages carry no extended properties, so the items a page reports are read again, 20 to a
///   `$batch`, with the tag expanded. The tag is the MAPI named property EWS writes, so an item one
///   API created is found by the other.
/// - Writes go through `$batch` with `If-Match` on the change key the engine read (Graph's etag is
///   `W/"<changeKey>"`): a stale one is `.conflict`, 404 `.notFound`, throttling and server errors
///   `.unavailable`, any other refusal `.failed` with Graph's code.
public struct GraphMailboxConnector: MailboxConnector {
    public let client: GraphClient
    let logger: Logger
    let todoLists = TodoListDirectory()
    let deltaRounds = GraphDeltaRoundMemory()
    /// The span of the calendar synchronized.
    public let calendarWindow: GraphCalendarWindow
    /// Whether appointments' attendees are read and written: only when the environment sends
    /// invitations, since Graph invites whoever an event is written with (no `SendToNone`).
    public let attendeesInReach: Bool

    /// The tag: `PrextraRecordId` in PS_PUBLIC_STRINGS, as EWS writes it.
    public static let tagProperty = "String {00020329-0000-0000-C000-000000000046} Name PrextraRecordId"

    public init(
        client: GraphClient, calendarWindow: GraphCalendarWindow = GraphCalendarWindow(), sendsMeetingInvitations: Bool = false,
        logger: Logger = Logger(label: "SyncService.GraphMailboxConnector")
    ) {
        self.client = client
        self.calendarWindow = calendarWindow
        self.attendeesInReach = sendsMeetingInvitations
        self.logger = logger
    }

    /// Fields of `kind` that Graph v1.0 cannot read or write (see `docs/graph.md`).
    public func fieldsOutOfReach(of kind: EntityKind) -> Set<String> {
        switch kind {
        case .contact: GraphContactMapping.fieldsOutOfReach
        case .task: GraphTaskMapping.fieldsOutOfReach
        case .appointment: attendeesInReach ? [] : [FieldName.attendees]
        }
    }

    public func fieldsWrittenTogether(of kind: EntityKind) -> [[String]] {
        kind == .contact ? GraphContactMapping.positionalGroups : []
    }

    public func aligned(_ fields: FieldSet, kind: EntityKind, base: FieldSet) -> FieldSet {
        kind == .contact ? GraphContactMapping.aligned(fields, base: base) : fields
    }

    /// The id of the mailbox's default To Do list (`wellknownListName` `defaultList`), read once.
    func defaultTaskList(of mailbox: MailboxAddress) async throws -> String {
        if let known = todoLists.list(of: mailbox) { return known }
        let lists = try await client.todoTaskLists(mailbox: mailbox.rawValue)
        guard let id = lists.first(where: { $0.wellknownListName == .defaultList })?.id else {
            throw GraphConnectorError.noDefaultTaskList(mailbox)
        }
        todoLists.remember(id, for: mailbox)
        return id
    }

    // MARK: Reading

    public func changes(of kind: EntityKind, in mailbox: MailboxAddress, since cursor: String?, maxChanges: Int) async throws
        -> FolderChangePage
    {
        try await changes(of: kind, in: mailbox, since: cursor, maxChanges: maxChanges, linkedItems: [])
    }

    /// A delta page. In a full round (no cursor: a first sync, a resync) the ids are gathered and
    /// the items read at the round's end by listing the folder with their tags. Otherwise changed
    /// items whose id is linked are taken from the page as they are (the cycle matches them by
    /// id; their tag is left nil), and the others are read again, 20 to a `$batch`, for their tag.
    public func changes(
        of kind: EntityKind, in mailbox: MailboxAddress, since cursor: String?, maxChanges: Int, linkedItems: Set<SyncEngine.ItemID>
    ) async throws -> FolderChangePage {
        // A cursor that is not a link of this Graph service (an EWS sync state kept from before
        // the environment moved to Graph, another cloud) is never sent: the folder resyncs, and
        // its items are found again by their tags. Not tasks: To Do cannot see the tag EWS wrote,
        // so every linked task would look deleted; they move with `prextra-sync migrate`.
        if let cursor, !cursor.hasPrefix(client.configuration.baseURL.absoluteString) {
            if kind == .task { throw GraphConnectorError.tasksSynchronizedThroughAnotherAPI(mailbox) }
            throw MailboxConnectorError.cursorRejected(kind: kind, mailbox: mailbox)
        }
        if kind == .appointment { return try await appointmentChanges(in: mailbox, since: cursor, linkedItems: linkedItems) }
        let page: (changed: [DeltaItem], deleted: Set<SyncEngine.ItemID>, position: String, isComplete: Bool)
        if kind == .task {
            let list = try await defaultTaskList(of: mailbox)
            page = try await deltaPage(client.tasksDelta(mailbox: mailbox.rawValue, listID: list), since: cursor, kind: kind, mailbox: mailbox)
        } else {
            page = try await deltaPage(client.contactsDelta(mailbox: mailbox.rawValue), since: cursor, kind: kind, mailbox: mailbox)
        }
        var round = deltaRounds.round(of: kind, in: mailbox, cursor: cursor)
        if round.isFull {
            // A full round reads its items once, at its end, by listing the folder (`GraphDeltaRoundMemory`).
            for entry in page.changed {
                if let id = entry.id, round.seen.insert(id).inserted { round.items.append(id) }
            }
            deltaRounds.keep(page.isComplete ? nil : round, of: kind, in: mailbox)
            guard page.isComplete else {
                return FolderChangePage(changes: MailboxChanges(changed: [], deleted: page.deleted), nextCursor: page.position, hasMore: true)
            }
            let read = try await itemsOfFullRound(round.items, kind: kind, mailbox: mailbox)
            return FolderChangePage(
                changes: MailboxChanges(changed: read.items, deleted: page.deleted.union(read.gone), unreadable: read.unreadable),
                nextCursor: page.position, hasMore: false)
        }
        deltaRounds.keep(nil, of: kind, in: mailbox)
        var deleted = page.deleted
        var known: [OutlookItem] = []
        var unreadable = Set<SyncEngine.ItemID>()
        var toRead: [String] = []
        for entry in page.changed {
            guard let id = entry.id else { continue }
            guard linkedItems.contains(SyncEngine.ItemID(id)) else {
                toRead.append(id)
                continue
            }
            do {
                if let item = try Self.outlookItem(entry) { known.append(item) } else { toRead.append(id) }
            } catch {
                unreadable.insert(SyncEngine.ItemID(id))
                logUnreadable(id, kind: kind, mailbox: mailbox, problem: error)
            }
        }
        let read = try await readItems(toRead, kind: kind, mailbox: mailbox)
        // An item reported changed and gone before it could be read again is gone.
        deleted.formUnion(read.gone)
        let changed = known + read.items
        deleted.subtract(changed.map(\.id))
        return FolderChangePage(
            changes: MailboxChanges(changed: changed, deleted: deleted, unreadable: unreadable.union(read.unreadable)),
            nextCursor: page.position, hasMore: !page.isComplete)
    }

    /// An item a delta page reported changed, as the page gave it.
    enum DeltaItem {
        case contact(GraphContact)
        case task(GraphTodoTask)
        case event(GraphEvent)

        var id: String? {
            switch self {
            case .contact(let contact): contact.id
            case .task(let task): task.id
            case .event(let event): event.id
            }
        }
    }

    /// A delta page's item as the page gave it (no tag: delta carries no extended property or
    /// linked resource).
    static func outlookItem(_ entry: DeltaItem) throws(GraphMappingError) -> OutlookItem? {
        switch entry {
        case .contact(let contact): outlookItem(contact)
        case .task(let task): try outlookItem(task)
        // A view entry is an instance, not the event the engine links: read whole, never taken as it is.
        case .event: nil
        }
    }

    /// One page of a delta round: the items changed and the ids removed, and where the round goes on from.
    func deltaPage<Item: GraphModel>(
        _ query: GraphDeltaQuery<Item>, since cursor: String?, kind: EntityKind, mailbox: MailboxAddress
    ) async throws -> (changed: [DeltaItem], deleted: Set<SyncEngine.ItemID>, position: String, isComplete: Bool) {
        var round = GraphDeltaRound(query, resumingFrom: cursor)
        let entries: [GraphDeltaEntry<Item>]
        do {
            entries = try await round.nextPage(from: client) ?? []
        } catch let error as GraphError where error.kind == .syncStateNotFound {
            throw MailboxConnectorError.cursorRejected(kind: kind, mailbox: mailbox)
        }
        var changed: [DeltaItem] = []
        var deleted = Set<SyncEngine.ItemID>()
        for entry in entries {
            switch entry {
            case .changed(let item):
                if let contact = item as? GraphContact { changed.append(.contact(contact)) }
                if let task = item as? GraphTodoTask { changed.append(.task(task)) }
                if let event = item as? GraphEvent { changed.append(.event(event)) }
            case .removed(let id, _):
                deleted.insert(SyncEngine.ItemID(id))
            }
        }
        return (changed, deleted, round.position, round.isComplete)
    }

    public func items(taggedWith tags: [SyncTag], kind: EntityKind, in mailbox: MailboxAddress) async throws -> [OutlookItem] {
        guard !tags.isEmpty else { return [] }
        if kind == .task {
            // To Do has no $filter on linked resources: the list is read with them.
            let wanted = Set(tags)
            let list = try await defaultTaskList(of: mailbox)
            let tasks = try await client.tasksWithLinkedResources(listID: list, mailbox: mailbox.rawValue)
            return tasks.filter { GraphTaskMapping.tag(of: $0).map(wanted.contains) ?? false }.compactMap { task in
                try? Self.outlookItem(task)
            }
        }
        if kind == .appointment {
            // The search answers the events without their exceptions and zones: read them whole.
            var ids: [String] = []
            for tag in Set(tags).sorted() {
                let found = try await client.findEvents(taggedWith: Self.tagProperty, value: tag.rawValue, mailbox: mailbox.rawValue)
                ids += found.compactMap(\.id).filter { !ids.contains($0) }
            }
            return try await readItems(ids, kind: kind, mailbox: mailbox).items
        }
        var items: [OutlookItem] = []
        var seen = Set<SyncEngine.ItemID>()
        for tag in Set(tags).sorted() {
            let found = try await client.findContacts(taggedWith: Self.tagProperty, value: tag.rawValue, mailbox: mailbox.rawValue)
            for contact in found {
                guard let item = Self.outlookItem(contact), seen.insert(item.id).inserted else { continue }
                items.append(item)
            }
        }
        return items
    }

    /// Reads items by id, 20 to a `$batch`, with the tag (a contact's extended property, a task's
    /// linked resources); ids that answer 404 are gone, items the mapping cannot read are
    /// unreadable (still there, never taken for deleted).
    func readItems(_ ids: [String], kind: EntityKind, mailbox: MailboxAddress) async throws
        -> (items: [OutlookItem], gone: Set<SyncEngine.ItemID>, unreadable: Set<SyncEngine.ItemID>)
    {
        guard !ids.isEmpty else { return ([], [], []) }
        let list = kind == .task ? try await defaultTaskList(of: mailbox) : ""
        let requests = ids.enumerated().map { index, id in
            switch kind {
            case .task: GraphBatchRequest.getTask(id: String(index), taskID: id, listID: list, mailbox: mailbox.rawValue)
            case .contact:
                GraphBatchRequest.getContact(
                    id: String(index), contactID: id, mailbox: mailbox.rawValue, expandingExtendedProperty: Self.tagProperty)
            case .appointment:
                GraphBatchRequest.getEvent(
                    id: String(index), eventID: id, mailbox: mailbox.rawValue, query: GraphAppointmentMapping.readQuery(tagProperty: Self.tagProperty))
            }
        }
        let answers = try await client.batch(requests, mailbox: mailbox.rawValue)
        var items: [OutlookItem] = []
        var gone = Set<SyncEngine.ItemID>()
        var unreadable = Set<SyncEngine.ItemID>()
        for (id, answer) in zip(ids, answers) {
            if let error = answer.error {
                if error.kind == .itemNotFound {
                    gone.insert(SyncEngine.ItemID(id))
                    continue
                }
                throw error
            }
            do {
                let item: OutlookItem? =
                    switch kind {
                    case .task: try Self.outlookItem(try answer.decode(GraphTodoTask.self, operation: "getTask"))
                    case .contact: Self.outlookItem(try answer.decode(GraphContact.self, operation: "getContact"))
                    case .appointment: try outlookItem(try answer.decode(GraphEvent.self, operation: "getEvent"))
                    }
                if let item { items.append(item) }
            } catch let error as GraphMappingError {
                unreadable.insert(SyncEngine.ItemID(id))
                logUnreadable(id, kind: kind, mailbox: mailbox, problem: error)
            }
        }
        return (items, gone, unreadable)
    }

    /// The contacts or tasks a full round listed (every item of the folder, a hundred a request,
    /// with its tag), in the round's order; an item the list misses (created meanwhile) is read
    /// by its id.
    func itemsOfFullRound(_ ids: [String], kind: EntityKind, mailbox: MailboxAddress) async throws
        -> (items: [OutlookItem], gone: Set<SyncEngine.ItemID>, unreadable: Set<SyncEngine.ItemID>)
    {
        guard !ids.isEmpty else { return ([], [], []) }
        var listed: [String: OutlookItem] = [:]
        var unreadable = Set<SyncEngine.ItemID>()
        if kind == .task {
            let list = try await defaultTaskList(of: mailbox)
            for task in try await client.tasksWithLinkedResources(listID: list, mailbox: mailbox.rawValue) {
                guard let id = task.id else { continue }
                do {
                    if let item = try Self.outlookItem(task) { listed[id] = item }
                } catch {
                    unreadable.insert(SyncEngine.ItemID(id))
                    logUnreadable(id, kind: kind, mailbox: mailbox, problem: error)
                }
            }
        } else {
            for contact in try await client.contacts(mailbox: mailbox.rawValue, expandingExtendedProperty: Self.tagProperty) {
                if let id = contact.id, let item = Self.outlookItem(contact) { listed[id] = item }
            }
        }
        let missing = ids.filter { listed[$0] == nil && !unreadable.contains(SyncEngine.ItemID($0)) }
        let read = try await readItems(missing, kind: kind, mailbox: mailbox)
        return (ids.compactMap { listed[$0] } + read.items, read.gone, unreadable.union(read.unreadable))
    }

    func logUnreadable(_ id: String, kind: EntityKind, mailbox: MailboxAddress, problem: any Error) {
        logger.warning(
            "Item left out of the sync: the connector cannot read it",
            metadata: ["mailbox": "\(mailbox)", "kind": "\(kind.rawValue)", "item": "\(id)", "problem": "\(problem)"])
    }

    static func outlookItem(_ contact: GraphContact) -> OutlookItem? {
        guard let id = contact.id, let changeKey = contact.changeKey ?? contact.etag.map(Self.changeKey(ofETag:)) else { return nil }
        let tag = contact.singleValueExtendedProperties?
            .first { $0.id?.caseInsensitiveCompare(tagProperty) == .orderedSame }?.value
            .flatMap { $0.isEmpty ? nil : SyncTag(rawValue: $0) }
        return OutlookItem(
            reference: ItemReference(id: SyncEngine.ItemID(id), changeKey: ChangeKey(changeKey)),
            fields: GraphContactMapping.fields(of: contact), tag: tag, modifiedAt: contact.lastModifiedDateTime.flatMap(Self.date(of:)))
    }

    static func outlookItem(_ task: GraphTodoTask) throws(GraphMappingError) -> OutlookItem? {
        guard let id = task.id, let etag = task.etag else { return nil }
        return OutlookItem(
            reference: ItemReference(id: SyncEngine.ItemID(id), changeKey: ChangeKey(changeKey(ofETag: etag))),
            fields: try GraphTaskMapping.fields(of: task), tag: GraphTaskMapping.tag(of: task),
            modifiedAt: task.lastModifiedDateTime.flatMap(Self.date(of:)))
    }

    /// `Edm.DateTimeOffset` text as a `Date`; fractional seconds (Graph writes up to seven digits)
    /// are dropped, as EWS's `LastModifiedTime` has none.
    static func date(of value: EdmDateTimeOffset) -> Date? {
        var text = value.text
        if let dot = text.firstIndex(of: ".") {
            let end = text[dot...].firstIndex { $0 == "Z" || $0 == "+" || $0 == "-" } ?? text.endIndex
            text.removeSubrange(dot..<end)
        }
        return try? Date.ISO8601FormatStyle().parse(text)
    }

    /// Outlook items' etags are `W/"<changeKey>"`.
    static func etag(of changeKey: ChangeKey) -> String { "W/\"\(changeKey.rawValue)\"" }

    static func changeKey(ofETag etag: String) -> String {
        var value = Substring(etag)
        if value.hasPrefix("W/") { value = value.dropFirst(2) }
        return String(value.trimmingCharacters(in: CharacterSet(charactersIn: "\"")))
    }
}

/// Failures of the Graph connector as a whole.
public enum GraphConnectorError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The mailbox has no default To Do list (`wellknownListName` `defaultList`).
    case noDefaultTaskList(MailboxAddress)
    /// The mailbox's tasks were synchronized through EWS: their links name EWS items and To Do
    /// cannot see the tag EWS wrote, so reading them through Graph would take them all for deleted.
    case tasksSynchronizedThroughAnotherAPI(MailboxAddress)
    /// Graph answered a subscription's creation without its id.
    case subscriptionWithoutID(String)

    public var description: String {
        switch self {
        case .subscriptionWithoutID(let resource):
            "Microsoft Graph created a subscription to \(resource) but did not say its id; it will be created again."
        case .noDefaultTaskList(let mailbox):
            "Mailbox \(mailbox) has no default To Do list; open To Do or Outlook's Tasks once as the user to create it."
        case .tasksSynchronizedThroughAnotherAPI(let mailbox):
            "The tasks of mailbox \(mailbox) were synchronized through EWS, and To Do cannot see the tag EWS wrote. Nothing was changed. "
                + "Run `prextra-sync migrate --environment NAME --to graph` (it translates the stored ids, writing nothing), "
                + "or set \"Api\": \"Ews\" again."
        }
    }
}

/// The default To Do list of each mailbox, once read (it never changes for a mailbox).
final class TodoListDirectory: Sendable {
    private let lists = Mutex<[MailboxAddress: String]>([:])

    func list(of mailbox: MailboxAddress) -> String? { lists.withLock { $0[mailbox] } }
    func remember(_ id: String, for mailbox: MailboxAddress) { lists.withLock { $0[mailbox] = id } }
}
