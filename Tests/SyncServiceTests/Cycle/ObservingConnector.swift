import SyncEngine
import SyncService

/// The real connector, with a look at each batch of writes before it is sent: tests check what is
/// durable at that moment, or stop the cycle there (a crash before the writes).
struct ObservingConnector: MailboxConnector {
    let base: any MailboxConnector
    let beforeApply: @Sendable ([OutlookOperation], EntityKind) async throws -> Void

    func changes(of kind: EntityKind, in mailbox: MailboxAddress, since cursor: String?, maxChanges: Int) async throws
        -> FolderChangePage
    {
        try await base.changes(of: kind, in: mailbox, since: cursor, maxChanges: maxChanges)
    }

    func items(taggedWith tags: [SyncTag], kind: EntityKind, in mailbox: MailboxAddress) async throws -> [OutlookItem] {
        try await base.items(taggedWith: tags, kind: kind, in: mailbox)
    }

    func apply(_ operations: [OutlookOperation], kind: EntityKind, in mailbox: MailboxAddress) async throws
        -> [OutlookWriteResult]
    {
        try await beforeApply(operations, kind)
        return try await base.apply(operations, kind: kind, in: mailbox)
    }
}
