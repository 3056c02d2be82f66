import SyncEngine

/// What the sync service needs of a mailbox, whatever protocol reaches it (EWS today, Graph later).
///
/// A connector maps protocol items to the engine's `OutlookItem`s (fields, tag, change key) and the
/// engine's `OutlookOperation`s back to protocol writes. It decides nothing: no retries of a create,
/// no merging; it reports what the server said.
public protocol MailboxConnector: Sendable {
    /// Reads one page of changes to the folder that holds `kind`, since `cursor` (`nil`: from the
    /// beginning, every item as a change). The caller stores `FolderChangePage.nextCursor` only after
    /// it has committed what it did with the page.
    ///
    /// The page holds net changes, as EWS SyncFolderItems and Graph delta queries report them: an
    /// item created and removed after `cursor` appears in no page at all, and an item that got a
    /// new id (a move out of the folder and back, a re-import) appears as a delete of the old id
    /// and a change of the new one. The cycle relies on one guarantee: an item present in the
    /// folder and created or changed after `cursor` is reported by the pages that follow it.
    ///
    /// - Throws: `MailboxConnectorError.cursorRejected` when the server refuses the cursor
    ///   (EWS `ErrorInvalidSyncStateData`): the caller then resyncs fully from `nil`.
    func changes(of kind: EntityKind, in mailbox: MailboxAddress, since cursor: String?, maxChanges: Int) async throws
        -> FolderChangePage

    /// The items of `kind` in `mailbox` that carry one of `tags`, read with the same fields as
    /// `changes`, searched in the kind's folder only (an item in Deleted Items is deleted).
    ///
    /// Used for crash recovery of pending creates, and before a linked item that vanished from the
    /// change stream is treated as deleted: an item that is still in the folder must be returned,
    /// under its current id, whatever happened to its previous id (EWS: FindItem on the named
    /// property; Graph: `$filter` on `singleValueExtendedProperties`). An empty result means no
    /// item of the folder carries the tag.
    func items(taggedWith tags: [SyncTag], kind: EntityKind, in mailbox: MailboxAddress) async throws -> [OutlookItem]

    /// Performs `operations` in batches. Returns one result per operation, in the same order; a
    /// failure of one operation is a result, not a thrown error. Throws only when nothing could be
    /// sent at all (authentication, throttling beyond the retry budget, a transport failure).
    func apply(_ operations: [OutlookOperation], kind: EntityKind, in mailbox: MailboxAddress) async throws
        -> [OutlookWriteResult]

    /// Fields of `kind` this connector can neither read nor write (Graph v1.0 has no fax number on
    /// a contact). Its items never carry them, and its writes leave them as they are; the cycle
    /// gives a linked item the base's values of these fields, so that the engine never takes a
    /// value out of reach for one the user cleared.
    func fieldsOutOfReach(of kind: EntityKind) -> Set<String>

    /// `changes(of:in:since:maxChanges:)`, told which items of the folder are linked. The cycle
    /// matches a linked item by its id, so a connector that reads an item again only to learn its
    /// tag (Graph: delta pages carry no extended property) may skip that for these; their `tag`
    /// may then be nil. The default ignores the hint.
    func changes(
        of kind: EntityKind, in mailbox: MailboxAddress, since cursor: String?, maxChanges: Int, linkedItems: Set<ItemID>
    ) async throws -> FolderChangePage

    /// `fields` read from an item whose link's base is `base`, with what the protocol cannot tell
    /// apart settled by the base. Graph's phone and e-mail arrays drop empty slots, so a lone
    /// second business number reads as `[x]`: when the base held the same values in other
    /// positions, they are read in the base's positions (nothing changed); otherwise as Graph
    /// lists them. The default changes nothing.
    func aligned(_ fields: FieldSet, kind: EntityKind, base: FieldSet) -> FieldSet

    /// Groups of fields of `kind` this connector writes as one value (Graph: a contact's business
    /// phones, home phones, e-mail addresses, each an array without empty slots). An update that
    /// touches a group carries all of it, as the engine sees the item, so that the connector never
    /// has to guess the untouched positions from what it reads. The default is none.
    func fieldsWrittenTogether(of kind: EntityKind) -> [[String]]

    /// Whether this connector synchronizes `kind` at all (the Graph connector does not reach
    /// appointments yet). An environment's cycles leave the others out.
    func synchronizes(_ kind: EntityKind) -> Bool
}

extension MailboxConnector {
    public func changes(
        of kind: EntityKind, in mailbox: MailboxAddress, since cursor: String?, maxChanges: Int, linkedItems: Set<ItemID>
    ) async throws -> FolderChangePage {
        try await changes(of: kind, in: mailbox, since: cursor, maxChanges: maxChanges)
    }

    public func fieldsOutOfReach(of kind: EntityKind) -> Set<String> { [] }
    public func aligned(_ fields: FieldSet, kind: EntityKind, base: FieldSet) -> FieldSet { fields }
    public func fieldsWrittenTogether(of kind: EntityKind) -> [[String]] { [] }
    public func synchronizes(_ kind: EntityKind) -> Bool { true }
}

/// One page of a folder's changes.
public struct FolderChangePage: Sendable, Hashable {
    /// Items created or updated, and ids deleted, in this page (`isComplete` is never set here:
    /// the caller sets it on a full resync once it has read every page).
    public var changes: MailboxChanges
    /// The cursor that follows this page.
    public var nextCursor: String
    /// More changes wait after `nextCursor`.
    public var hasMore: Bool

    public init(changes: MailboxChanges, nextCursor: String, hasMore: Bool) {
        self.changes = changes
        self.nextCursor = nextCursor
        self.hasMore = hasMore
    }
}

/// What became of one `OutlookOperation`.
public enum OutlookWriteResult: Sendable, Hashable {
    /// Created or updated: the version this write produced. Writes that take several requests (a
    /// series and its occurrences) move the item past it; the next read, which reports every item
    /// written since the cursor, gives the current version, and a later write names that one.
    case written(ItemReference)
    /// Deleted (or already gone: a delete is done when the item no longer exists).
    case deleted
    /// The item changed since the version the operation named (a stale change key): read it again next cycle.
    case conflict
    /// The item no longer exists (update of a vanished item).
    case notFound
    /// Refused for this item, with the server's code and message (never a secret): the data or
    /// the item is at fault, and writing it again unchanged is refused again. The cycle counts the
    /// attempts and quarantines the write at the limit (see `FailedItem`).
    case failed(code: String, message: String)
    /// Not written for a passing reason (throttling, a transient server error, a request that
    /// failed as a whole): written again next cycle, never counted against the item.
    case unavailable(code: String, message: String)
}

/// Failures of a connector call as a whole.
public enum MailboxConnectorError: Error, Sendable, Hashable {
    /// The server no longer accepts the folder's cursor: resync the folder from the beginning.
    case cursorRejected(kind: EntityKind, mailbox: MailboxAddress)
}
