import SyncEngine
import SyncService

/// The real connector, with a look at each batch of writes before it is sent: tests check what is
/// durable at that moment, or stop the cycle there (a crash before the writes). `afterChanges`
/// runs after each page of changes is read: tests act as the user right after the cycle's read.
struct ObservingConnector: MailboxConnector {
    let base: any MailboxConnector
    let afterChanges: @Sendable (EntityKind) async throws -> Void
    let beforeApply: @Sendable ([OutlookOperation], EntityKind) async throws -> Void

    init(
        base: any MailboxConnector,
        beforeApply: @escaping @Sendable ([OutlookOperation], EntityKind) async throws -> Void = { _, _ in },
        afterChanges: @escaping @Sendable (EntityKind) async throws -> Void = { _ in }
    ) {
        self.base = base
        self.afterChanges = afterChanges
        self.beforeApply = beforeApply
    }

    func changes(of kind: EntityKind, in mailbox: MailboxAddress, since cursor: String?, maxChanges: Int) async throws
        -> FolderChangePage
    {
        let page = try await base.changes(of: kind, in: mailbox, since: cursor, maxChanges: maxChanges)
        try await afterChanges(kind)
        return page
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
