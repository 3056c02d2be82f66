import Foundation
import SyncEngine
import SyncStore

/// A first sync or a full resync of one kind, read, planned, written and committed a page at a
/// time, so that the cycle's memory follows a page of the folder, not the folder (issue 18).
///
/// A complete read decides most items from their own page: a linked item against its link and
/// record, a tagged item against the record its tag names, an untagged one by content against the
/// unlinked records (`ReconciliationInput.isPageOfCompleteRead`) or as an import. Each page's
/// plan is written to Outlook and committed in a unit of work of its own (links, CRM writes,
/// decisions; the lease confirmed), like a whole cycle's. What needs every page waits for the
/// last step, planned once the folder is read and committed with the other kinds by the pass:
/// - the records that no page paired get their items (a record's item may be on any page);
/// - a linked item that no page listed is absent, so deleted, unless an item carrying its tag
///   was seen (moved): such tagged items are the only ones held across pages;
/// - the folder's cursor, the read-back of every page, and the CRM feed position.
/// The cursor moves only with that last commit. A cycle interrupted between pages reads the
/// folder again from the beginning; what the committed pages did is found again as it is
/// (linked items by id, our tag writes by their change keys), so nothing is created twice, lost
/// or echoed. Memory still holds ids (of the links, of the linked items listed: to tell the absent
/// ones) and the CRM side of the kind.
extension CyclePass {
    /// Reads `kind`'s folder from the beginning in pages, committing each, and returns the plan of
    /// the read's last step (the cursor from `replacing` to the read's end) for the pass to write
    /// and commit.
    ///
    /// - Parameter cursor: the stored cursor: `nil` for a first sync, the one the server rejected
    ///   for a full resync.
    /// - Precondition: the kind has no pending intent (recovery needs the whole read) and `crm`
    ///   holds every record of the kind the mailbox owns.
    mutating func planCompleteReadInPages(
        _ kind: EntityKind, links initialLinks: [StoredLink], crm: inout CRMRead, replacing cursor: String?
    ) async throws -> KindPlan {
        // Only ids are held for the links; a link is loaded when its item or record comes up.
        var itemOfRecord: [RecordID: String] = [:]
        var recordOfItem: [String: RecordID] = [:]
        for link in initialLinks {
            itemOfRecord[link.record.id] = link.itemID
            recordOfItem[link.itemID] = link.record.id
        }
        let linkedAtStart = Set(initialLinks.map { ItemID($0.itemID) })
        let owned = crm.changes(of: kind).changed.filter { $0.owners.contains(mailbox) }
        var ownedByID: [RecordID: SyncEngine.CRMRecord] = [:]
        for record in owned { ownedByID[record.id] = record }
        // Unlinked records by content key, for pairing with untagged items as their pages come.
        var unlinkedByContent: [String: [RecordID]] = [:]
        for record in owned where itemOfRecord[record.id] == nil {
            unlinkedByContent[ContentKey.make(kind: kind, fields: record.fields.normalized()), default: []].append(record.id)
        }

        // Of the items linked at the start, those the read listed (the others are absent at the end).
        var seen = Set<ItemID>()
        var unreadable = Set<ItemID>()
        var heldByTag: [ItemID: OutlookItem] = [:]
        var decidedRecords = Set<RecordID>()
        var plannedWrites = Set<RecordID>()
        var readBack = Set<ItemID>()
        var anyDeferred = false
        var next: String?
        while true {
            try Task.checkCancellation()
            stage = .readingOutlook
            let page = try await cycle.connector.changes(
                of: kind, in: mailbox, since: next, maxChanges: cycle.pageSize, linkedItems: linkedAtStart)
            next = page.nextCursor
            itemsRead += page.changes.changed.count + page.changes.deleted.count
            cycle.report(.reading, kind: kind, read: itemsRead + crm.recordsRead)
            for item in page.changes.changed {
                if linkedAtStart.contains(item.id) { seen.insert(item.id) }
                unreadable.remove(item.id)
                heldByTag[item.id] = nil
            }
            for id in page.changes.unreadable {
                unreadable.insert(id)
                heldByTag[id] = nil
            }
            for id in page.changes.deleted {
                seen.remove(id)
                unreadable.remove(id)
                heldByTag[id] = nil
            }

            // The page's links, and the records its items name.
            stage = .readingCRM
            var links: [RecordID: StoredLink] = [:]
            for id in page.changes.changed.map(\.id) + page.changes.deleted.sorted() + page.changes.unreadable.sorted() {
                guard let recordID = recordOfItem[id.rawValue], links[recordID] == nil else { continue }
                links[recordID] = try await store.link(environment: environment, mailbox: mailbox, record: RecordKey(kind, recordID))
            }
            let engineLinks = links.values.map(\.engineLink)
            let outOfReach = OutOfReachFields(connector: cycle.connector, kind: kind, links: engineLinks)
            var items: [OutlookItem] = []
            var records = CRMChanges()
            var named = Set<RecordID>(links.keys)
            for item in outOfReach.filled(page.changes.changed) {
                if recordOfItem[item.id.rawValue] == nil {
                    if let tag = item.tag {
                        if let other = itemOfRecord[tag.recordID], other != item.id.rawValue {
                            // Its record has another item: a copy, or this item moved; the last step tells.
                            heldByTag[item.id] = item
                            continue
                        }
                        named.insert(tag.recordID)
                    }
                    // The engine decides which items content may pair (untagged, or whose tag names no record).
                    for recordID in unlinkedByContent[ContentKey.make(kind: kind, fields: item.fields.normalized())] ?? [] {
                        named.insert(recordID)
                    }
                }
                items.append(item)
            }
            for recordID in named.sorted() {
                try await add(recordID, kind: kind, owned: ownedByID, to: &records, crm: &crm)
            }

            let changes = MailboxChanges(changed: items, deleted: page.changes.deleted, unreadable: page.changes.unreadable)
            stage = .readingOutlook
            let foundByTag = outOfReach.filled(
                try await VanishedItemSearch.items(
                    for: engineLinks, in: changes, kind: kind, mailbox: mailbox, connector: cycle.connector))
            itemsRead += foundByTag.count
            let plan = Reconciler(policy: cycle.policy).plan(
                ReconciliationInput(
                    mailbox: mailbox, kind: kind, links: engineLinks, crm: records, outlook: changes, foundByTag: foundByTag,
                    isPageOfCompleteRead: true),
                now: cycle.clock())
            var kindPlan = KindPlan(
                kind: kind, plan: plan, links: links, pendingIntents: [:], cursor: nil, nextCursor: "",
                readBack: VanishedItems.readBack(links: engineLinks, plan: plan, outlook: changes, foundByTag: foundByTag),
                views: views(of: kind, links: engineLinks, items: items + foundByTag))

            // Write, then commit the page.
            stage = .writingOutlook
            var intentIDs: [RecordKey: String] = [:]
            try await persistIntents(of: plan, kind: kind, into: &intentIDs)
            kindPlan.results = try await apply(plan.outlookOperations, kind: kind, views: kindPlan.views)
            try await recordUncommittedWrites(of: kindPlan)
            if let followUp = try await planVanishedItems(kindPlan, crm: &crm) {
                try await persistIntents(of: followUp, kind: kind, into: &intentIDs)
                kindPlan.followUp = followUp
                kindPlan.followUpResults = try await apply(followUp.outlookOperations, kind: kind, views: kindPlan.views)
            }
            stage = .committing
            var work = UnitOfWork(environment: environment, lease: cycle.lease, runID: runID)
            var linkChanges: [RecordID: String?] = [:]
            let pageDeferred = record(kindPlan, crm: crm, intentIDs: intentIDs, into: &work, linkChanges: &linkChanges, isPage: true)
            if !work.isEmpty {
                let store = self.store
                _ = try await Task { [work] in try await store.commit(work) }.value
            }

            anyDeferred = anyDeferred || pageDeferred
            readBack.formUnion(kindPlan.readBack)
            var decidedHere = Set<RecordID>(linkChanges.keys)
            for step in plan.steps + (kindPlan.followUp?.steps ?? []) {
                guard let recordID = step.decision.recordID else { continue }
                decidedHere.insert(recordID)
                if step.outlook != nil { plannedWrites.insert(recordID) }
            }
            decidedRecords.formUnion(decidedHere)
            for (recordID, itemID) in linkChanges {
                if let old = itemOfRecord[recordID] { recordOfItem[old] = nil }
                itemOfRecord[recordID] = itemID
                if let itemID { recordOfItem[itemID] = recordID }
            }
            // A record decided on this page is no longer a candidate for another item's content.
            for recordID in decidedHere {
                guard let record = ownedByID[recordID] else { continue }
                let key = ContentKey.make(kind: kind, fields: record.fields.normalized())
                let left = unlinkedByContent[key]?.filter { $0 != recordID } ?? []
                unlinkedByContent[key] = left.isEmpty ? nil : left
            }
            if !page.hasMore { break }
        }

        // The last step: what needed every page.
        stage = .readingCRM
        var links: [RecordID: StoredLink] = [:]
        var absent = Set<ItemID>()
        // Only a link of the start can be absent: a page's links are items it listed, or created.
        for (recordID, itemID) in itemOfRecord.sorted(by: { $0.key < $1.key })
        where linkedAtStart.contains(ItemID(itemID)) && !seen.contains(ItemID(itemID)) && !unreadable.contains(ItemID(itemID)) {
            guard let link = try await store.link(environment: environment, mailbox: mailbox, record: RecordKey(kind, recordID)) else {
                continue
            }
            links[recordID] = link
            absent.insert(ItemID(link.itemID))
        }
        let held = heldByTag.values.sorted { $0.id < $1.id }
        for item in held {
            guard let recordID = item.tag?.recordID, links[recordID] == nil else { continue }
            links[recordID] = try await store.link(environment: environment, mailbox: mailbox, record: RecordKey(kind, recordID))
        }
        // A link whose item a page listed was read back there (one a page created is read back by
        // the next cycle, its mark committed); only an absence is news here.
        let engineLinks = links.values.map { link in
            var engine = link.engineLink
            if !absent.contains(engine.item.id) { engine.awaitsReadBack = false }
            return engine
        }
        var records = CRMChanges()
        for recordID in links.keys.sorted() {
            try await add(recordID, kind: kind, owned: ownedByID, to: &records, crm: &crm)
        }
        for record in owned where itemOfRecord[record.id] == nil && !decidedRecords.contains(record.id) && links[record.id] == nil {
            records.changed.append(record)
        }
        let outOfReach = OutOfReachFields(connector: cycle.connector, kind: kind, links: engineLinks)
        let changes = MailboxChanges(changed: outOfReach.filled(held), deleted: absent, unreadable: unreadable)
        let plan = Reconciler(policy: cycle.policy).plan(
            ReconciliationInput(mailbox: mailbox, kind: kind, links: engineLinks, crm: records, outlook: changes), now: cycle.clock())
        return KindPlan(
            kind: kind, plan: plan, links: links, pendingIntents: [:], cursor: cursor, nextCursor: next ?? "",
            readBack: readBack.union(VanishedItems.readBack(links: engineLinks, plan: plan, outlook: changes, foundByTag: [])),
            views: views(of: kind, links: engineLinks, items: changes.changed), deferredEarlier: anyDeferred,
            plannedEarlier: plannedWrites)
    }

    /// Adds a record's current state to a page's CRM side: an owned record as read at the start;
    /// another one as the store holds it (live: changed, and no longer owned; a tombstone, or
    /// purged: deleted, as a complete read counts a record it does not list).
    private func add(
        _ recordID: RecordID, kind: EntityKind, owned: [RecordID: SyncEngine.CRMRecord], to records: inout CRMChanges,
        crm: inout CRMRead
    ) async throws {
        if let record = owned[recordID] {
            records.changed.append(record)
            return
        }
        let key = RecordKey(kind, recordID)
        let stored = try await store.record(environment: environment, key: key)
        crm.recordsRead += 1
        if let stored { crm.versions[key] = stored.version }
        if let stored, !stored.isDeleted {
            records.changed.append(stored.engineRecord)
        } else {
            records.deleted.insert(recordID)
        }
    }

    /// The fields the engine plans each linked item's update from, when the connector writes some
    /// fields together (see `CyclePass.completed`).
    private func views(of kind: EntityKind, links: [Link], items: [OutlookItem]) -> [ItemID: FieldSet] {
        guard !cycle.connector.fieldsWrittenTogether(of: kind).isEmpty else { return [:] }
        var views: [ItemID: FieldSet] = [:]
        for link in links { views[link.item.id] = link.base }
        for item in items { views[item.id] = item.fields }
        return views
    }
}
