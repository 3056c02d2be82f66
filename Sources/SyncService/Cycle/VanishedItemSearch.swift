import SyncEngine

/// Before a cycle acts on linked items that vanished from its read (reported deleted, absent from a
/// full listing, or never read back), it looks for their tags in the mailbox: an item is its tag,
/// not its id (see `VanishedItems`). Costs one search per tag, and nothing when no linked item
/// vanished, so an idle cycle stays at one change-stream request per folder.
enum VanishedItemSearch {
    static func items(
        for links: [Link], in changes: MailboxChanges, kind: EntityKind, mailbox: MailboxAddress,
        connector: any MailboxConnector
    ) async throws -> [OutlookItem] {
        let tags = VanishedItems.tagsToSearch(links, in: changes)
        guard !tags.isEmpty else { return [] }
        return try await connector.items(taggedWith: tags, kind: kind, in: mailbox)
    }
}
