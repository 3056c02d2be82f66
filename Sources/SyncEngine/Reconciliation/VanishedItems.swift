/// Invariant 12 ("an item is its tag, not its id") and the rule that no delete is lost, as the
/// caller applies them around `Reconciler.plan`.
///
/// A linked item has *vanished* from a read when the read reports it deleted, when a complete read
/// (a full resync) does not list it, or when its link awaits read-back and the read does not
/// report it: change streams report net changes, so an item created after the caller's cursor and
/// removed before the next read never appears in them, not even as a delete.
///
/// A vanished item is not necessarily gone: a move out of the folder and back, a cut and paste or
/// a re-import gives it a new id and keeps its tag. So, before planning, the caller searches the
/// mailbox for the tags of vanished items that no item of the read carries (`tagsToSearch`) and
/// passes what it found as `ReconciliationInput.foundByTag`. The engine re-links the record to an
/// item carrying its tag, and treats its item as deleted only when there is none.
public enum VanishedItems {
    /// The links whose item vanished from `outlook` (detached links are left alone: they are
    /// tombstones, not synchronized pairs).
    public static func vanished(_ links: [Link], in outlook: MailboxChanges) -> [Link] {
        // An item reported but unreadable is still there: unreadable is not deleted.
        let reported = Set(outlook.changed.map(\.id)).union(outlook.unreadable)
        return links.filter { link in
            guard !link.isDetached, !reported.contains(link.item.id) else { return false }
            return outlook.deleted.contains(link.item.id) || outlook.isComplete || link.awaitsReadBack
        }
    }

    /// The tags to search for before planning: those of vanished items that no item of the read
    /// carries. Nothing to search after a complete read, which lists every item of the folder.
    public static func tagsToSearch(_ links: [Link], in outlook: MailboxChanges) -> [SyncTag] {
        guard !outlook.isComplete else { return [] }
        let carried = Set(outlook.changed.compactMap(\.tag))
        let tags = vanished(links, in: outlook).map(tag(of:)).filter { !carried.contains($0) }
        return Set(tags).sorted()
    }

    /// The tag a link's item carries (an item imported from Outlook whose tag write is pending
    /// carries none yet; the tag is always the record id).
    public static func tag(of link: Link) -> SyncTag { link.tag ?? SyncTag(record: link.recordID) }

    /// The items whose links no longer await read-back once this read's cursor is committed: the
    /// items of links awaiting read-back (before or after `plan`) that the read reported, or that
    /// the tag search found under the same id (an item older than the cursor, which therefore will
    /// report its removal). The caller clears them together with the cursor, never without it.
    public static func readBack(links: [Link], plan: SyncPlan, outlook: MailboxChanges, foundByTag: [OutlookItem]) -> Set<ItemID> {
        let linked = Set(links.map(\.item.id))
        var seen = Set(outlook.changed.map(\.id)).union(outlook.unreadable)
        seen.formUnion(foundByTag.map(\.id).filter(linked.contains))
        var awaiting = Set(links.filter(\.awaitsReadBack).map(\.item.id))
        for step in plan.steps {
            if let link = step.committedLink(outlookResult: nil), link.awaitsReadBack { awaiting.insert(link.item.id) }
        }
        return awaiting.intersection(seen)
    }
}
