import Foundation
import Logging
import MicrosoftGraph
import SyncEngine

/// The `MailboxConnector` of mailboxes reached through Microsoft Graph.
///
/// Contacts so far. Appointments (calendarView delta, series hydration) and To Do tasks (tagged by a
/// `linkedResource`) come with the rest of issue 14; until then `serve` refuses `Api: Graph`, and
/// this connector answers `GraphConnectorError.kindNotSupported` for them.
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

    /// The tag: `PrextraRecordId` in PS_PUBLIC_STRINGS, as EWS writes it.
    public static let tagProperty = "String {00020329-0000-0000-C000-000000000046} Name PrextraRecordId"

    public init(client: GraphClient, logger: Logger = Logger(label: "SyncService.GraphMailboxConnector")) {
        self.client = client
        self.logger = logger
    }

    /// Fields of `kind` that Graph v1.0 cannot read or write (see `docs/graph.md`).
    public func fieldsOutOfReach(of kind: EntityKind) -> Set<String> {
        kind == .contact ? GraphContactMapping.fieldsOutOfReach : []
    }

    static func requireSupported(_ kind: EntityKind) throws {
        guard kind == .contact else { throw GraphConnectorError.kindNotSupported(kind) }
    }

    // MARK: Reading

    public func changes(of kind: EntityKind, in mailbox: MailboxAddress, since cursor: String?, maxChanges: Int) async throws
        -> FolderChangePage
    {
        try Self.requireSupported(kind)
        // A cursor that is not a link of this Graph service (an EWS sync state kept from before
        // the environment moved to Graph, another cloud) is never sent: the folder resyncs.
        if let cursor, !cursor.hasPrefix(client.configuration.baseURL.absoluteString) {
            throw MailboxConnectorError.cursorRejected(kind: kind, mailbox: mailbox)
        }
        var round = GraphDeltaRound(client.contactsDelta(mailbox: mailbox.rawValue), resumingFrom: cursor)
        let entries: [GraphDeltaEntry<GraphContact>]
        do {
            entries = try await round.nextPage(from: client) ?? []
        } catch let error as GraphError where error.kind == .syncStateNotFound {
            throw MailboxConnectorError.cursorRejected(kind: kind, mailbox: mailbox)
        }
        var changedIDs: [String] = []
        var deleted = Set<SyncEngine.ItemID>()
        for entry in entries {
            switch entry {
            case .changed(let contact):
                if let id = contact.id { changedIDs.append(id) }
            case .removed(let id, _):
                deleted.insert(SyncEngine.ItemID(id))
            }
        }
        let read = try await readContacts(changedIDs, mailbox: mailbox)
        // An item reported changed and gone before it could be read again is gone.
        deleted.formUnion(read.gone)
        deleted.subtract(read.items.map(\.id))
        return FolderChangePage(
            changes: MailboxChanges(changed: read.items, deleted: deleted, unreadable: []), nextCursor: round.position,
            hasMore: !round.isComplete)
    }

    public func items(taggedWith tags: [SyncTag], kind: EntityKind, in mailbox: MailboxAddress) async throws -> [OutlookItem] {
        try Self.requireSupported(kind)
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

    /// Reads contacts by id, 20 to a `$batch`, with the tag expanded; ids that answer 404 are gone.
    func readContacts(_ ids: [String], mailbox: MailboxAddress) async throws -> (items: [OutlookItem], gone: Set<SyncEngine.ItemID>) {
        guard !ids.isEmpty else { return ([], []) }
        let requests = ids.enumerated().map { index, id in
            GraphBatchRequest.getContact(
                id: String(index), contactID: id, mailbox: mailbox.rawValue, expandingExtendedProperty: Self.tagProperty)
        }
        let answers = try await client.batch(requests, mailbox: mailbox.rawValue)
        var items: [OutlookItem] = []
        var gone = Set<SyncEngine.ItemID>()
        for (id, answer) in zip(ids, answers) {
            if let error = answer.error {
                if error.kind == .itemNotFound {
                    gone.insert(SyncEngine.ItemID(id))
                    continue
                }
                throw error
            }
            let contact = try answer.decode(GraphContact.self, operation: "getContact")
            if let item = Self.outlookItem(contact) { items.append(item) }
        }
        return (items, gone)
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
    /// The Graph connector does not synchronize this kind yet.
    case kindNotSupported(EntityKind)

    public var description: String {
        switch self {
        case .kindNotSupported(let kind):
            "The Microsoft Graph connector does not synchronize \(kind.rawValue)s yet; use Api: Ews for this environment."
        }
    }
}
