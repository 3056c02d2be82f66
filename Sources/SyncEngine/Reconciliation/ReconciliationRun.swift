import Foundation

/// The working state of one `Reconciler.plan` call.
struct ReconciliationRun {
    let policy: SyncPolicy
    let entity: EntityPolicy
    let merge: ThreeWayMerge
    let mailbox: MailboxAddress
    let kind: EntityKind
    let now: Date
    let input: ReconciliationInput
    let sendInvitations: Bool

    var links: [RecordID: Link] = [:]
    var linkedItems: [ItemID: RecordID] = [:]
    var records: [RecordID: CRMRecord] = [:]
    var recordsDeleted = Set<RecordID>()
    var items: [ItemID: OutlookItem] = [:]
    var itemsDeleted = Set<ItemID>()
    var handledRecords = Set<RecordID>()
    var handledItems = Set<ItemID>()
    var steps: [PlanStep] = []
    var obsoleteIntents: [PendingIntent] = []
    var intentResolution = IntentRecovery.Resolution(toLink: [], toRetry: [])
    var recoveredIntents: [RecordID: IntentRecovery.Recovered] = [:]

    init(policy: SyncPolicy, input: ReconciliationInput, now: Date) {
        self.policy = policy
        self.entity = policy.policy(for: input.kind)
        self.merge = ThreeWayMerge(policy: entity)
        self.mailbox = input.mailbox
        self.kind = input.kind
        self.now = now
        self.input = input
        self.sendInvitations = policy.sendMeetingInvitations && input.kind == .appointment
    }

    mutating func plan() -> SyncPlan {
        load()
        if entity.direction == .off {
            skipEverything()
        } else {
            resolveIntents()
            reconcileLinks()
            recoverIntents()
            let unmatched = matchTaggedItems()
            let leftovers = reconcileUnlinkedRecords(candidates: unmatched)
            importOutlookItems(leftovers)
            explainUnlinkedDeletes()
        }
        return SyncPlan(mailbox: mailbox, kind: kind, plannedAt: now, steps: steps, obsoleteIntents: obsoleteIntents)
    }

    // MARK: Loading

    private mutating func load() {
        for link in input.links.sorted(by: { $0.recordID < $1.recordID })
        where link.mailbox == mailbox && link.kind == kind && links[link.recordID] == nil {
            var normalized = link
            normalized.base = link.base.normalized()
            links[link.recordID] = normalized
            linkedItems[link.item.id] = link.recordID
        }
        for record in input.crm.changed {
            var normalized = record
            normalized.fields = record.fields.normalized()
            records[record.id] = normalized
        }
        recordsDeleted = input.crm.deleted
        for id in recordsDeleted { records[id] = nil }
        for item in input.outlook.changed + input.recovery.found + input.foundByTag {
            var normalized = item
            normalized.fields = item.fields.normalized()
            items[item.id] = normalized
        }
        itemsDeleted = input.outlook.deleted
        for id in itemsDeleted { items[id] = nil }
        if input.crm.isComplete {
            for id in links.keys where records[id] == nil { recordsDeleted.insert(id) }
        }
        if input.outlook.isComplete {
            // Unreadable is not deleted: an item the connector could not read is still there.
            for link in links.values where items[link.item.id] == nil && !input.outlook.unreadable.contains(link.item.id) {
                itemsDeleted.insert(link.item.id)
            }
        }
        // Net changes: an item created after the cursor and removed before this read is not
        // reported at all. Its link awaits read-back: not reported, not found by its tag, it is gone.
        for link in links.values
        where link.awaitsReadBack && items[link.item.id] == nil && !input.outlook.unreadable.contains(link.item.id) {
            itemsDeleted.insert(link.item.id)
        }
    }

    private mutating func skipEverything() {
        for id in Set(records.keys).union(recordsDeleted).sorted() {
            decide(id: id, itemID: links[id]?.item.id, .skip, .directionOff)
        }
        for id in Set(items.keys).union(itemsDeleted).sorted() where linkedItems[id] == nil {
            decide(id: nil, itemID: id, .skip, .directionOff)
        }
    }

    // MARK: Linked pairs

    private mutating func reconcileLinks() {
        for link in links.values.sorted(by: { $0.recordID < $1.recordID }) {
            let id = link.recordID
            let record = records[id]
            var item = items[link.item.id]
            let recordGone = recordsDeleted.contains(id)
            var itemGone = itemsDeleted.contains(link.item.id)
            guard record != nil || item != nil || recordGone || itemGone else { continue }
            handledRecords.insert(id)
            handledItems.insert(link.item.id)
            // An item is its tag, not its id: a vanished item whose tag another item carries moved.
            // The decisions then name the item under its new id (the change key stays the one we
            // know, so that an edit made with the move is still seen as an edit).
            var relinked = false
            var subject = link
            if itemGone, let moved = itemCarryingTag(of: link) {
                handledItems.insert(moved.id)
                item = moved
                itemGone = false
                relinked = true
                subject.item = ItemReference(id: moved.id, changeKey: link.item.changeKey)
            }

            if link.isDetached {
                // Kept as a tombstone: without it a full resync would pair the two sides again.
                // A tombstone follows its item too, or the moved item would look unlinked.
                // One whose item is gone awaits nothing any more.
                var tombstone = link
                if let item, relinked { tombstone.item = item.reference }
                if itemGone { tombstone.awaitsReadBack = false }
                decide(id: id, itemID: subject.item.id, .skip, .detached, link: tombstone == link ? .unchanged : .upsert(tombstone))
            } else if recordGone && itemGone {
                decide(id: id, itemID: link.item.id, .unlink, .deletedOnBothSides, link: .remove(id))
            } else if recordGone {
                recordDeleted(subject, item: item)
            } else if itemGone {
                itemDeleted(link, record: record)
            } else if let record, !record.owners.contains(mailbox) {
                ownerRemoved(subject, record: record, item: item)
            } else {
                update(link, record: record, item: item, relinked: relinked)
            }
        }
    }

    /// The unlinked item that carries the tag of `link`'s vanished item (the smallest id when
    /// several do: the others are copies, left to the planner).
    private func itemCarryingTag(of link: Link) -> OutlookItem? {
        let tag = VanishedItems.tag(of: link)
        return items.values
            .filter { $0.tag == tag && $0.id != link.item.id && linkedItems[$0.id] == nil && !handledItems.contains($0.id) }
            .min { $0.id < $1.id }
    }

    private mutating func recordDeleted(_ link: Link, item: OutlookItem?) {
        let id = link.recordID
        let itemEdited = item.map { $0.reference.changeKey != link.item.changeKey && $0.fields != link.base } ?? false
        if !entity.direction.writesOutlook {
            // Outlook is the source: the record comes back from the item.
            let fields = item?.fields ?? link.base
            var restored = link
            restored.base = fields
            restored.item = item?.reference ?? link.item
            decide(
                id: id, itemID: link.item.id, .createRecord, .mirrorRestored,
                crm: .create(id: id, fields: fields, owner: mailbox), link: .upsert(restored))
        } else if entity.delete == .unlink {
            var detached = link
            detached.isDetached = true
            decide(id: id, itemID: link.item.id, .unlink, .deletedInCRM, link: .upsert(detached))
        } else {
            decide(
                id: id, itemID: link.item.id, .deleteItem, itemEdited ? .deleteWinsOverEdit : .deletedInCRM,
                outlook: .delete(item: item?.reference ?? link.item, sendMeetingCancellations: sendInvitations),
                link: .remove(id))
        }
    }

    private mutating func itemDeleted(_ link: Link, record current: CRMRecord?) {
        let id = link.recordID
        if let current, !current.owners.contains(mailbox) {
            decide(id: id, itemID: link.item.id, .unlink, .ownerRemoved, link: .remove(id))
        } else if !entity.direction.writesCRM {
            // The CRM is the source: the item comes back from the record, unless an interrupted
            // restoration already created it (its tagged item is found).
            if let recovered = recoveredIntents[id], recovered.item.id != link.item.id {
                handledItems.insert(recovered.item.id)
                pair(
                    recordID: id, crm: current ?? CRMRecord(id: id, fields: link.base, owners: [mailbox]),
                    item: recovered.item, base: recovered.intent.fields, reason: .recoveredIntent)
                return
            }
            let fields = current?.fields ?? link.base
            let intent = PendingIntent(mailbox: mailbox, kind: kind, recordID: id, fields: fields, createdAt: now)
            var restored = link
            restored.base = fields
            restored.tag = intent.tag
            decide(
                id: id, itemID: link.item.id, .createItem, .mirrorRestored,
                outlook: .create(intent: intent, sendMeetingInvitations: sendInvitations), link: .upsert(restored))
        } else if entity.delete == .unlink {
            var detached = link
            detached.isDetached = true
            decide(id: id, itemID: link.item.id, .unlink, .deletedInOutlook, link: .upsert(detached))
        } else {
            let edited = current.map { $0.fields != link.base } ?? false
            decide(
                id: id, itemID: link.item.id, .deleteRecord, edited ? .deleteWinsOverEdit : .deletedInOutlook,
                crm: .delete(id: id), link: .remove(id))
        }
    }

    /// The mailbox no longer owns the record: its item leaves the mailbox (or the pair is
    /// unlinked), but edits the user made in Outlook since the last sync reach the CRM first.
    private mutating func ownerRemoved(_ link: Link, record current: CRMRecord, item: OutlookItem?) {
        let id = link.recordID
        var crm: CRMOperation?
        var conflicts: [Conflict] = []
        if entity.direction.writesCRM, let item, item.reference.changeKey != link.item.changeKey {
            let outlookFields = link.uncommittedWrite?.userSide(of: item.fields, base: link.base) ?? item.fields
            let outcome = merge.merge(
                base: link.base, crm: current.fields, outlook: outlookFields, crmModifiedAt: current.modifiedAt,
                outlookModifiedAt: item.modifiedAt)
            if !outcome.crmPatch.isEmpty {
                crm = .update(id: id, patch: outcome.crmPatch)
                conflicts = outcome.conflicts
            }
        }
        if entity.direction.writesOutlook {
            decide(
                id: id, itemID: link.item.id, .deleteItem, .ownerRemoved,
                outlook: .delete(item: item?.reference ?? link.item, sendMeetingCancellations: sendInvitations),
                crm: crm, link: .remove(id), conflicts: conflicts)
        } else {
            decide(id: id, itemID: link.item.id, .unlink, .ownerRemoved, crm: crm, link: .remove(id), conflicts: conflicts)
        }
    }

    /// - Parameter relinked: `item` carries the link's tag under a new id: the link follows it.
    private mutating func update(_ link: Link, record current: CRMRecord?, item: OutlookItem?, relinked: Bool = false) {
        var outlookFields = link.base
        var outlookModifiedAt: Date?
        var echo = false
        if let item {
            if item.reference.changeKey == link.item.changeKey {
                echo = true
            } else if let ours = link.uncommittedWrite {
                // Our own update, sent by a cycle that never committed: the values we wrote are
                // not the user's edit.
                outlookFields = ours.userSide(of: item.fields, base: link.base)
                echo = item.reference.changeKey == ours.changeKey
                outlookModifiedAt = echo ? nil : item.modifiedAt
            } else {
                outlookFields = item.fields
                outlookModifiedAt = item.modifiedAt
            }
        }
        let crmFields = current?.fields ?? link.base
        var outcome = merge.merge(
            base: link.base, crm: crmFields, outlook: outlookFields, crmModifiedAt: current?.modifiedAt,
            outlookModifiedAt: outlookModifiedAt)
        if let item, link.uncommittedWrite != nil, entity.direction.writesOutlook {
            // The item holds our uncommitted values: write what differs from the item itself.
            outcome.outlookPatch = FieldPatch(from: item.fields, to: outcome.merged)
        }
        var updated = link
        updated.base = outcome.merged
        updated.item = item?.reference ?? link.item
        updated.uncommittedWrite = nil
        let crmChanged = crmFields != link.base
        let outlookChanged = outlookFields != link.base

        if relinked {
            // An interrupted restoration (direction crm-to-outlook) created this item: say so.
            let reason: Decision.Reason = recoveredIntents[link.recordID]?.item.id == updated.item.id ? .recoveredIntent : .foundByTag
            decide(
                id: link.recordID, itemID: updated.item.id,
                .link(itemFields: outcome.outlookPatch.fieldNames, recordFields: outcome.crmPatch.fieldNames), reason,
                outlook: outcome.outlookPatch.isEmpty
                    ? nil
                    : .update(item: updated.item, patch: outcome.outlookPatch, tag: nil, sendMeetingInvitations: sendInvitations),
                crm: outcome.crmPatch.isEmpty ? nil : .update(id: link.recordID, patch: outcome.crmPatch),
                link: .upsert(updated), conflicts: outcome.conflicts)
            return
        }
        if outcome.outlookPatch.isEmpty && outcome.crmPatch.isEmpty {
            let reason: Decision.Reason = echo && !crmChanged ? .echo : .noChange
            decide(id: link.recordID, itemID: link.item.id, .skip, reason, link: updated == link ? .unchanged : .upsert(updated))
            return
        }
        let reason: Decision.Reason
        switch (crmChanged, outlookChanged) {
        case (true, true): reason = .changed
        case (true, false): reason = entity.direction == .outlookToCrm ? .mirrorRestored : .changedInCRM
        default: reason = entity.direction == .crmToOutlook ? .mirrorRestored : .changedInOutlook
        }
        decide(
            id: link.recordID, itemID: link.item.id,
            .update(itemFields: outcome.outlookPatch.fieldNames, recordFields: outcome.crmPatch.fieldNames), reason,
            outlook: outcome.outlookPatch.isEmpty
                ? nil
                : .update(item: updated.item, patch: outcome.outlookPatch, tag: nil, sendMeetingInvitations: sendInvitations),
            crm: outcome.crmPatch.isEmpty ? nil : .update(id: link.recordID, patch: outcome.crmPatch),
            link: .upsert(updated), conflicts: outcome.conflicts)
    }

    // MARK: Crash recovery

    private mutating func resolveIntents() {
        let relevant = input.recovery.pending.filter { $0.mailbox == mailbox && $0.kind == kind }
        // Items the change stream reports count as found too: a created item shows up there as a Create.
        let found = items.values.filter { $0.tag != nil }
        intentResolution = IntentRecovery(pending: relevant, found: Array(found)).resolve()
        for recovered in intentResolution.toLink { recoveredIntents[recovered.intent.recordID] = recovered }
    }

    private mutating func recoverIntents() {
        let resolution = intentResolution
        for recovered in resolution.toLink {
            let intent = recovered.intent
            let id = intent.recordID
            if links[id] != nil || handledRecords.contains(id) {
                obsoleteIntents.append(intent)
                let item = recovered.item
                if !handledItems.contains(item.id) && linkedItems[item.id] == nil {
                    // We created this item and nothing links it: it would be an orphan or a duplicate.
                    handledItems.insert(item.id)
                    let reason: Decision.Reason =
                        isGone(id) ? .deletedInCRM : records[id].map { !$0.owners.contains(mailbox) } == true ? .ownerRemoved : .duplicate
                    if entity.direction.writesOutlook {
                        decide(
                            id: id, itemID: item.id, .deleteItem, reason,
                            outlook: .delete(item: item.reference, sendMeetingCancellations: false))
                    } else {
                        decide(id: id, itemID: item.id, .skip, reason)
                    }
                }
                continue
            }
            handledRecords.insert(id)
            handledItems.insert(recovered.item.id)
            let current = records[id]
            if isGone(id) || (current.map { !$0.owners.contains(mailbox) } ?? false) {
                obsoleteIntents.append(intent)
                let reason: Decision.Reason = isGone(id) ? .deletedInCRM : .ownerRemoved
                if entity.direction.writesOutlook {
                    decide(
                        id: id, itemID: recovered.item.id, .deleteItem, reason,
                        outlook: .delete(item: recovered.item.reference, sendMeetingCancellations: sendInvitations))
                } else {
                    decide(id: id, itemID: recovered.item.id, .skip, reason)
                }
                continue
            }
            pair(
                recordID: id, crm: current ?? CRMRecord(id: id, fields: intent.fields, owners: [mailbox]),
                item: recovered.item, base: intent.fields, reason: .recoveredIntent)
        }

        for intent in resolution.toRetry {
            let id = intent.recordID
            if links[id] != nil || handledRecords.contains(id) {
                obsoleteIntents.append(intent)
                continue
            }
            handledRecords.insert(id)
            let current = records[id]
            if isGone(id) {
                obsoleteIntents.append(intent)
                decide(id: id, itemID: nil, .skip, .deletedInCRM)
            } else if let current, !current.owners.contains(mailbox) {
                obsoleteIntents.append(intent)
                decide(id: id, itemID: nil, .skip, .notOwned)
            } else if !entity.direction.writesOutlook {
                obsoleteIntents.append(intent)
                decide(id: id, itemID: nil, .skip, .directionForbids)
            } else {
                let fields = current?.fields ?? intent.fields.normalized()
                createItem(id: id, fields: fields, reason: .retryIntent, createdAt: fields == intent.fields ? intent.createdAt : now)
            }
        }
    }

    /// Whether the record is known to be deleted: reported so, or absent from a complete CRM set.
    private func isGone(_ id: RecordID) -> Bool {
        recordsDeleted.contains(id) || (input.crm.isComplete && records[id] == nil)
    }

    // MARK: Unlinked items and records

    /// Links unlinked items tagged with a record this mailbox owns; returns the items left to match.
    private mutating func matchTaggedItems() -> [OutlookItem] {
        var unmatched: [OutlookItem] = []
        for item in items.values.sorted(by: { $0.id < $1.id }) where !handledItems.contains(item.id) && linkedItems[item.id] == nil {
            guard let tag = item.tag else {
                unmatched.append(item)
                continue
            }
            let id = tag.recordID
            if links[id] != nil || handledRecords.contains(id) {
                if !removeCopy(item, of: id) { unmatched.append(item) }
                continue
            }
            if let current = records[id] {
                handledItems.insert(item.id)
                handledRecords.insert(id)
                if current.owners.contains(mailbox) {
                    pair(recordID: id, crm: current, item: item, base: nil, reason: .matchedByTag)
                } else if entity.direction.writesOutlook {
                    // Only we tag items in this mailbox: it mirrored this record before the owner changed.
                    decide(
                        id: id, itemID: item.id, .deleteItem, .ownerRemoved,
                        outlook: .delete(item: item.reference, sendMeetingCancellations: sendInvitations))
                } else {
                    decide(id: id, itemID: item.id, .skip, .notOwned)
                }
            } else if id == OutlookRecordID.mint(mailbox: mailbox, item: item.id) || OutlookRecordID.isMinted(id) {
                // A record minted from this item (under this id, or under its id before a move):
                // importing it again under the tag's record id is an idempotent upsert.
                unmatched.append(item)
            } else if isGone(id) {
                handledItems.insert(item.id)
                if entity.delete == .propagate && entity.direction.writesOutlook {
                    decide(
                        id: id, itemID: item.id, .deleteItem, .deletedInCRM,
                        outlook: .delete(item: item.reference, sendMeetingCancellations: sendInvitations))
                } else {
                    decide(id: id, itemID: item.id, .skip, .deletedInCRM)
                }
            } else {
                handledItems.insert(item.id)
                decide(id: id, itemID: item.id, .skip, .recordUnavailable)
            }
        }
        return unmatched
    }

    /// An item carrying the tag of a record that already has its item in this mailbox (linked
    /// before this plan, re-linked after a move, or recovered from an interrupted create) is a
    /// copy: a create retried while the first item was away from the folder, or a copy made in
    /// Outlook. A record has one item per mailbox, so the copy goes (to Deleted Items, where the
    /// user can still find it); it is never imported as a record of its own. Returns `false` when
    /// the copy is left alone: the direction does not write Outlook, or the record's link is a
    /// detached tombstone that no longer synchronizes anything.
    private mutating func removeCopy(_ item: OutlookItem, of id: RecordID) -> Bool {
        guard entity.direction.writesOutlook, links[id]?.isDetached != true else { return false }
        let owned = records[id].map { $0.owners.contains(mailbox) } ?? true
        let reason: Decision.Reason = isGone(id) ? .deletedInCRM : owned ? .duplicate : .ownerRemoved
        let hasItem = links[id] != nil || steps.contains { step in
            if case .upsert(let link) = step.link { link.recordID == id } else { false }
        }
        guard hasItem || reason != .duplicate else { return false }
        handledItems.insert(item.id)
        decide(
            id: id, itemID: item.id, .deleteItem, reason,
            outlook: .delete(item: item.reference, sendMeetingCancellations: false))
        return true
    }

    /// Creates items for owned records with no link (after matching by content during a full resync);
    /// returns the items still unmatched.
    private mutating func reconcileUnlinkedRecords(candidates: [OutlookItem]) -> [OutlookItem] {
        var byContent: [String: [OutlookItem]] = [:]
        var remaining: [ItemID: OutlookItem] = [:]
        for item in candidates {
            remaining[item.id] = item
            if input.outlook.isComplete || input.isPageOfCompleteRead, matchableByContent(item),
                item.tag == nil || item.tag.map({ links[$0.recordID] == nil && records[$0.recordID] == nil }) == true
            {
                byContent[ContentKey.make(kind: kind, fields: item.fields), default: []].append(item)
            }
        }
        for current in records.values.sorted(by: { $0.id < $1.id })
        where !handledRecords.contains(current.id) && links[current.id] == nil {
            if input.isPageOfCompleteRead {
                // One page of a complete read: pair by content only; the read's last step decides the rest.
                guard current.owners.contains(mailbox), entity.direction.writesOutlook,
                    let matches = byContent[ContentKey.make(kind: kind, fields: current.fields)], let item = matches.first
                else { continue }
                byContent[ContentKey.make(kind: kind, fields: current.fields)] = Array(matches.dropFirst())
                handledRecords.insert(current.id)
                remaining[item.id] = nil
                handledItems.insert(item.id)
                pair(recordID: current.id, crm: current, item: item, base: nil, reason: .matchedByContent)
                continue
            }
            handledRecords.insert(current.id)
            guard current.owners.contains(mailbox) else {
                decide(id: current.id, itemID: nil, .skip, .notOwned)
                continue
            }
            guard entity.direction.writesOutlook else {
                decide(id: current.id, itemID: nil, .skip, .directionForbids)
                continue
            }
            let key = ContentKey.make(kind: kind, fields: current.fields)
            if var matches = byContent[key], !matches.isEmpty {
                let item = matches.removeFirst()
                byContent[key] = matches
                remaining[item.id] = nil
                handledItems.insert(item.id)
                pair(recordID: current.id, crm: current, item: item, base: nil, reason: .matchedByContent)
            } else {
                createItem(id: current.id, fields: current.fields, reason: .newRecord, createdAt: now)
            }
        }
        return remaining.values.sorted { $0.id < $1.id }
    }

    /// Whether an untagged item may be paired with a record by content. A task's key (subject and
    /// due date) is too weak to tell the ERP's task from the user's personal one ("Call back",
    /// due Friday), so a task must also carry the opt-in category; a contact's key (its e-mail
    /// address) and an appointment's (subject and start instant) are not.
    private func matchableByContent(_ item: OutlookItem) -> Bool {
        kind != .task || policy.isOptedIn(item.fields)
    }

    /// Imports items created in Outlook that carry the opt-in category.
    private mutating func importOutlookItems(_ candidates: [OutlookItem]) {
        for item in candidates where !handledItems.contains(item.id) {
            handledItems.insert(item.id)
            guard entity.direction.writesCRM else {
                decide(id: nil, itemID: item.id, .skip, .directionForbids)
                continue
            }
            guard policy.isOptedIn(item.fields) else {
                decide(id: nil, itemID: item.id, .skip, .notOptedIn)
                continue
            }
            let id = interruptedImport(item) ?? OutlookRecordID.mint(mailbox: mailbox, item: item.id)
            handledRecords.insert(id)
            let tag = SyncTag(record: id)
            let link = Link(recordID: id, mailbox: mailbox, kind: kind, item: item.reference, base: item.fields, tag: tag)
            decide(
                id: id, itemID: item.id, .createRecord, .optedIn,
                outlook: .update(item: item.reference, patch: FieldPatch(), tag: tag, sendMeetingInvitations: false),
                crm: .create(id: id, fields: item.fields, owner: mailbox), link: .upsert(link))
        }
    }

    /// The record id an interrupted import minted for this item, when its tag names one that
    /// exists nowhere yet (the item moved since, so minting from its new id would differ).
    private func interruptedImport(_ item: OutlookItem) -> RecordID? {
        guard let id = item.tag?.recordID, OutlookRecordID.isMinted(id), links[id] == nil, records[id] == nil,
            !handledRecords.contains(id)
        else { return nil }
        return id
    }

    private mutating func explainUnlinkedDeletes() {
        for id in input.crm.deleted.sorted() where !handledRecords.contains(id) {
            decide(id: id, itemID: nil, .skip, .notLinked)
        }
        for id in input.outlook.deleted.sorted() where !handledItems.contains(id) {
            decide(id: nil, itemID: id, .skip, .notLinked)
        }
    }

    // MARK: Building steps

    /// Pairs a record and an item not linked yet, merging against `base` (`nil`: no base, the policy settles differences).
    private mutating func pair(recordID id: RecordID, crm current: CRMRecord, item: OutlookItem, base: FieldSet?, reason: Decision.Reason) {
        let outcome = merge.merge(
            base: base, crm: current.fields, outlook: item.fields, crmModifiedAt: current.modifiedAt,
            outlookModifiedAt: item.modifiedAt)
        let tag = SyncTag(record: id)
        let needsTag = item.tag != tag
        let link = Link(recordID: id, mailbox: mailbox, kind: kind, item: item.reference, base: outcome.merged, tag: tag)
        let outlook: OutlookOperation? =
            outcome.outlookPatch.isEmpty && !needsTag
            ? nil
            : .update(
                item: item.reference, patch: outcome.outlookPatch, tag: needsTag ? tag : nil,
                sendMeetingInvitations: sendInvitations)
        decide(
            id: id, itemID: item.id,
            .link(itemFields: outcome.outlookPatch.fieldNames, recordFields: outcome.crmPatch.fieldNames), reason,
            outlook: outlook, crm: outcome.crmPatch.isEmpty ? nil : .update(id: id, patch: outcome.crmPatch),
            link: .upsert(link), conflicts: outcome.conflicts)
    }

    private mutating func createItem(id: RecordID, fields: FieldSet, reason: Decision.Reason, createdAt: Date) {
        var intent = PendingIntent(mailbox: mailbox, kind: kind, recordID: id, fields: fields, createdAt: createdAt)
        intent.fields = fields
        // The item reference is filled in by `PlanStep.committedLink(outlookResult:)` once the create returns.
        let link = Link(
            recordID: id, mailbox: mailbox, kind: kind, item: ItemReference(id: "", changeKey: ""), base: fields, tag: intent.tag)
        decide(
            id: id, itemID: nil, .createItem, reason,
            outlook: .create(intent: intent, sendMeetingInvitations: sendInvitations), link: .upsert(link))
    }

    private mutating func decide(
        id: RecordID?, itemID: ItemID?, _ action: Decision.Action, _ reason: Decision.Reason,
        outlook: OutlookOperation? = nil, crm: CRMOperation? = nil, link: LinkOutcome = .unchanged, conflicts: [Conflict] = []
    ) {
        var link = link
        var createsItem = false
        if case .create? = outlook { createsItem = true }
        if case .upsert(var upserted) = link {
            // Whatever this step decided already accounts for an uncommitted write of ours.
            upserted.uncommittedWrite = nil
            if createsItem || links[upserted.recordID]?.item.id != upserted.item.id {
                // A new item (created, paired, or found again by its tag) awaits its read-back.
                upserted.awaitsReadBack = true
            }
            link = .upsert(upserted)
        }
        let decision = Decision(
            mailbox: mailbox, kind: kind, recordID: id, itemID: itemID, action: action, reason: reason, decidedAt: now)
        let located = conflicts.map { conflict in
            var conflict = conflict
            conflict.recordID = id
            conflict.itemID = itemID
            return conflict
        }
        steps.append(PlanStep(decision: decision, outlook: outlook, crm: crm, link: link, conflicts: located))
    }
}
