import Foundation

/// Graph's ids for the store's items. The store mints EWS ids (standard base64); Graph's REST ids
/// are the same bytes in URL-safe form (`+` → `_`, `/` → `-`), as on Exchange Online. Every item
/// also has an immutable id (minted once, kept across folder moves) that Graph hands out under
/// `Prefer: IdType="ImmutableId"` (format `restImmutableEntryId`).
enum GraphIds {
    static func restId(fromEWS id: String) -> String {
        String(id.map { $0 == "+" ? "_" : $0 == "/" ? "-" : $0 })
    }

    static func ewsId(fromREST id: String) -> String {
        String(id.map { $0 == "_" ? "+" : $0 == "-" ? "/" : $0 })
    }

    /// A REST id is never written with `+` or `/`; one that holds them (an EWS id or a path that
    /// was not percent-encoded) is malformed.
    static func isWellFormedREST(_ id: String) -> Bool {
        !id.isEmpty && !id.contains("/") && !id.contains("+") && Data(base64Encoded: ewsId(fromREST: id)) != nil
    }

    /// What a REST id names in the store.
    enum Target: Equatable {
        /// An item by its store (EWS) id.
        case item(String)
        /// An occurrence of a series: the master's store id and the original start.
        case occurrence(masterId: String, originalStart: Date)
        case folder(String)
    }

    /// Resolves a REST id (regular or immutable) against a mailbox.
    static func resolve(_ restId: String, in contents: MailboxContents) throws(GraphError) -> Target {
        guard isWellFormedREST(restId) else { throw GraphError.malformedId }
        let raw = ewsId(fromREST: restId)
        if Identifiers.isItemId(raw) {
            guard contents.items[raw] != nil else { throw GraphError.itemNotFound }
            return .item(raw)
        }
        if Identifiers.isImmutableId(raw) {
            guard let item = contents.item(immutableId: raw) else { throw GraphError.itemNotFound }
            return .item(item.id)
        }
        if let occurrence = Identifiers.parseOccurrenceId(raw) {
            let (master, originalStart) = occurrence
            let masterItem = Identifiers.isImmutableId(master) ? contents.item(immutableId: master) : contents.items[master]
            guard let masterItem else { throw GraphError.itemNotFound }
            return .occurrence(masterId: masterItem.id, originalStart: originalStart)
        }
        if Identifiers.isFolderId(raw) {
            guard contents.folders[raw] != nil else { throw GraphError.itemNotFound }
            return .folder(raw)
        }
        throw GraphError.malformedId
    }

    /// The id Graph shows for an item under the request's id preference.
    static func restId(of item: StoredItem, immutable: Bool) -> String {
        restId(fromEWS: immutable ? item.immutableId : item.id)
    }

    static func restId(ofOccurrence originalStart: Date, master: StoredItem, immutable: Bool) -> String {
        restId(fromEWS: Identifiers.occurrenceId(masterId: immutable ? master.immutableId : master.id, originalStart: originalStart))
    }
}
