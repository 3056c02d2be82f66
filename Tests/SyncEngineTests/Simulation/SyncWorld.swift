import Foundation
import SyncEngine
import Testing

/// Two in-memory sides (a CRM with a change feed, mailboxes with SyncFolderItems-like change
/// streams) and the durable state of the service (links, intents, cursors), driven only through
/// the plans the engine returns. Crashes drop everything not yet committed.
///
/// The change streams report net changes, as Exchange and Graph do: an item created and removed
/// after a cursor is not reported at all; a moved or re-imported item is a delete of its old id and
/// a create of a new one carrying the same tag.
struct SyncWorld {
    struct StoredRecord {
        var record: CRMRecord
        var sequence: Int
    }

    struct StoredItem {
        var fields: FieldSet
        var tag: SyncTag?
        var changeKey: ChangeKey
        var sequence: Int
        var modifiedAt: Date
        /// When the item entered the folder.
        var created: Int
    }

    struct Tombstone {
        var created: Int
        var deleted: Int
    }

    struct Mailbox {
        var items: [ItemID: StoredItem] = [:]
        var tombstones: [ItemID: Tombstone] = [:]
        var sequence = 0
        // The service's durable state for this mailbox.
        var links: [RecordID: Link] = [:]
        /// Pending intents by their store id (one per attempt, like the service's store).
        var intents: [String: PendingIntent] = [:]
        var outlookCursor: Int? = 0
        var crmCursor: Int? = 0
    }

    struct StepFailure: Error {}

    let kind: EntityKind
    var reconciler: Reconciler
    var records: [RecordID: StoredRecord] = [:]
    var recordTombstones: [RecordID: Int] = [:]
    var crmSequence = 0
    var mailboxes: [MailboxAddress: Mailbox]
    var clock = 0
    var nextNumber = 0
    /// Plans run, for tests that inspect decisions.
    var plans: [SyncPlan] = []
    /// Records and items a plan was given but made no decision about (must stay empty).
    var undecided: [String] = []

    init(kind: EntityKind = .contact, policy: SyncPolicy = SyncPolicy(), mailboxes: [MailboxAddress]) {
        self.kind = kind
        self.reconciler = Reconciler(policy: policy)
        self.mailboxes = Dictionary(uniqueKeysWithValues: mailboxes.map { ($0, Mailbox()) })
    }

    var now: Date { Date(timeIntervalSince1970: 1_790_000_000 + Double(clock)) }

    mutating func tick() -> Date {
        clock += 1
        return now
    }

    mutating func number() -> Int {
        nextNumber += 1
        return nextNumber
    }

    // MARK: The ERP's actions

    mutating func crmUpsert(_ id: RecordID, fields: FieldSet, owners: Set<MailboxAddress>) {
        crmSequence += 1
        let at = tick()
        records[id] = StoredRecord(record: CRMRecord(id: id, fields: fields, owners: owners, modifiedAt: at), sequence: crmSequence)
        recordTombstones[id] = nil
    }

    mutating func crmEdit(_ id: RecordID, _ edit: (inout FieldSet) -> Void) {
        guard var stored = records[id] else { return }
        edit(&stored.record.fields)
        crmUpsert(id, fields: stored.record.fields, owners: stored.record.owners)
    }

    mutating func crmSetOwners(_ id: RecordID, _ owners: Set<MailboxAddress>) {
        guard let stored = records[id] else { return }
        crmUpsert(id, fields: stored.record.fields, owners: owners)
    }

    mutating func crmDelete(_ id: RecordID) {
        guard records[id] != nil else { return }
        crmSequence += 1
        records[id] = nil
        recordTombstones[id] = crmSequence
    }

    // MARK: The Outlook user's actions

    @discardableResult
    mutating func outlookCreate(_ mailbox: MailboxAddress, fields: FieldSet, tag: SyncTag? = nil) -> ItemReference {
        let id = ItemID("\(mailbox.rawValue.prefix(2))-item-\(number())")
        let changeKey = ChangeKey("ck-\(number())")
        let at = tick()
        mailboxes[mailbox]!.sequence += 1
        let sequence = mailboxes[mailbox]!.sequence
        mailboxes[mailbox]!.items[id] = StoredItem(
            fields: fields, tag: tag, changeKey: changeKey, sequence: sequence, modifiedAt: at, created: sequence)
        return ItemReference(id: id, changeKey: changeKey)
    }

    @discardableResult
    mutating func outlookEdit(_ mailbox: MailboxAddress, _ id: ItemID, tag: SyncTag? = nil, _ edit: (inout FieldSet) -> Void)
        -> ItemReference?
    {
        guard var item = mailboxes[mailbox]!.items[id] else { return nil }
        edit(&item.fields)
        if let tag { item.tag = tag }
        item.changeKey = ChangeKey("ck-\(number())")
        item.modifiedAt = tick()
        mailboxes[mailbox]!.sequence += 1
        item.sequence = mailboxes[mailbox]!.sequence
        mailboxes[mailbox]!.items[id] = item
        return ItemReference(id: id, changeKey: item.changeKey)
    }

    mutating func outlookDelete(_ mailbox: MailboxAddress, _ id: ItemID) {
        guard let item = mailboxes[mailbox]!.items[id] else { return }
        mailboxes[mailbox]!.sequence += 1
        mailboxes[mailbox]!.items[id] = nil
        mailboxes[mailbox]!.tombstones[id] = Tombstone(created: item.created, deleted: mailboxes[mailbox]!.sequence)
    }

    /// Moves an item out of its folder and back (or re-imports it): same fields and tag, new id.
    @discardableResult
    mutating func outlookMoveOutAndBack(_ mailbox: MailboxAddress, _ id: ItemID) -> ItemReference? {
        guard let item = mailboxes[mailbox]!.items[id] else { return nil }
        outlookDelete(mailbox, id)
        return outlookCreate(mailbox, fields: item.fields, tag: item.tag)
    }

    /// The item of the mailbox that entered its folder last (the one a cycle may just have created).
    func newestItem(_ mailbox: MailboxAddress) -> ItemID? {
        mailboxes[mailbox]!.items.max { $0.value.created < $1.value.created }?.key
    }

    /// The mailbox rejects the sync state: the next cycle reads both sides in full.
    mutating func invalidateCursors(_ mailbox: MailboxAddress) {
        mailboxes[mailbox]!.outlookCursor = nil
        mailboxes[mailbox]!.crmCursor = nil
    }

    // MARK: The service's cycle

    /// Runs one cycle for `mailbox`. With `crashAfter`, only that many durable actions happen
    /// (persist an intent, write Outlook, write the CRM, commit a link) before the process "dies";
    /// with `crashAfterOutlookWrites`, every Outlook write happens and nothing else (the service's
    /// cycle interrupted before its commit). Returns the plan, or nil when the cycle did not finish.
    @discardableResult
    mutating func cycle(_ mailbox: MailboxAddress, crashAfter: Int? = nil, crashAfterOutlookWrites: Bool = false) -> SyncPlan? {
        let state = mailboxes[mailbox]!
        let outlookRead = state.sequence
        let crmRead = crmSequence

        let outlook: MailboxChanges
        if let cursor = state.outlookCursor {
            outlook = MailboxChanges(
                changed: state.items.filter { $0.value.sequence > cursor }.map { item(mailbox, $0.key, $0.value) },
                // Net changes: created and deleted since the cursor is nothing at all.
                deleted: Set(state.tombstones.filter { $0.value.deleted > cursor && $0.value.created <= cursor }.keys))
        } else {
            outlook = .complete(state.items.map { item(mailbox, $0.key, $0.value) })
        }
        var crm: CRMChanges
        if let cursor = state.crmCursor {
            crm = CRMChanges(
                changed: records.values.filter { $0.sequence > cursor }.map(\.record),
                deleted: Set(recordTombstones.filter { $0.value > cursor }.keys))
        } else {
            crm = .complete(records.values.map(\.record))
        }
        // Like the service: search the tags of linked items that vanished from the read.
        let searched = Set(VanishedItems.tagsToSearch(Array(state.links.values), in: outlook))
        let foundByTag = state.items.filter { $0.value.tag.map(searched.contains) ?? false }.map { item(mailbox, $0.key, $0.value) }
        // Like the service: load the records that unlinked tagged items name.
        let linkedItems = Set(state.links.values.map(\.item.id))
        for item in outlook.changed + foundByTag where !linkedItems.contains(item.id) {
            if let tag = item.tag, let stored = records[tag.recordID], !crm.changed.contains(where: { $0.id == tag.recordID }) {
                crm.changed.append(stored.record)
            }
        }
        let pendingTags = Set(state.intents.values.map(\.tag))
        let found = state.items.filter { $0.value.tag.map(pendingTags.contains) ?? false }.map { item(mailbox, $0.key, $0.value) }
        let input = ReconciliationInput(
            mailbox: mailbox, kind: kind, links: Array(state.links.values), crm: crm, outlook: outlook,
            recovery: IntentRecovery(pending: Array(state.intents.values), found: found), foundByTag: foundByTag)
        let plan = reconciler.plan(input, now: tick())
        let readBack = VanishedItems.readBack(links: Array(state.links.values), plan: plan, outlook: outlook, foundByTag: foundByTag)
        plans.append(plan)
        // Every record and item the plan was given gets a decision.
        let decidedRecords = Set(plan.decisions.compactMap(\.recordID))
        let decidedItems = Set(plan.decisions.compactMap(\.itemID))
        let linkedRecordOfItem = Dictionary(state.links.values.map { ($0.item.id, $0.recordID) }, uniquingKeysWith: { a, _ in a })
        for id in Set(crm.changed.map(\.id)).union(crm.deleted) where !decidedRecords.contains(id) {
            undecided.append("\(mailbox): record \(id)")
        }
        for id in Set(outlook.changed.map(\.id)).union(outlook.deleted)
        where !decidedItems.contains(id) && !(linkedRecordOfItem[id].map(decidedRecords.contains) ?? false) {
            undecided.append("\(mailbox): item \(id)")
        }

        var budget = crashAfter ?? Int.max
        func spend() -> Bool {
            guard budget > 0 else { return false }
            budget -= 1
            return true
        }
        if crashAfterOutlookWrites {
            for operation in plan.outlookOperations {
                if case .create(let intent, _) = operation { persist(intent, in: mailbox) }
                guard (try? perform(operation, in: mailbox)) != nil else { return nil }
            }
            return nil
        }
        do {
            for step in plan.steps {
                var written: ItemReference?
                if let operation = step.outlook {
                    if case .create(let intent, _) = operation {
                        guard spend() else { return nil }
                        persist(intent, in: mailbox)
                    }
                    guard spend() else { return nil }
                    written = try perform(operation, in: mailbox)
                }
                if let operation = step.crm {
                    guard spend() else { return nil }
                    perform(operation)
                }
                if let link = step.committedLink(outlookResult: written) {
                    guard spend() else { return nil }
                    mailboxes[mailbox]!.links[link.recordID] = link
                    mailboxes[mailbox]!.intents = mailboxes[mailbox]!.intents.filter { $0.value.recordID != link.recordID }
                } else if let removed = step.removedLink {
                    guard spend() else { return nil }
                    mailboxes[mailbox]!.links[removed] = nil
                }
            }
        } catch {
            return nil  // a failed write aborts the cycle; nothing after it is committed, cursors stay
        }
        guard spend() else { return nil }
        for intent in plan.obsoleteIntents { mailboxes[mailbox]!.intents[intent.id] = nil }
        mailboxes[mailbox]!.outlookCursor = outlookRead
        mailboxes[mailbox]!.crmCursor = crmRead
        // With the cursor, and only with it: the links of items this read saw no longer await read-back.
        for (id, link) in mailboxes[mailbox]!.links where link.awaitsReadBack && readBack.contains(link.item.id) {
            mailboxes[mailbox]!.links[id]?.awaitsReadBack = false
        }
        return plan
    }

    /// Like the service's store: a new id per attempt, unless the record's intent is still pending.
    private mutating func persist(_ intent: PendingIntent, in mailbox: MailboxAddress) {
        guard !mailboxes[mailbox]!.intents.values.contains(where: { $0.recordID == intent.recordID }) else { return }
        var stored = intent
        stored.id = "\(intent.id)/\(number())"
        mailboxes[mailbox]!.intents[stored.id] = stored
    }

    private func item(_ mailbox: MailboxAddress, _ id: ItemID, _ stored: StoredItem) -> OutlookItem {
        OutlookItem(
            reference: ItemReference(id: id, changeKey: stored.changeKey), fields: stored.fields, tag: stored.tag,
            modifiedAt: stored.modifiedAt)
    }

    private mutating func perform(_ operation: OutlookOperation, in mailbox: MailboxAddress) throws -> ItemReference? {
        switch operation {
        case .create(let intent, _):
            return outlookCreate(mailbox, fields: intent.fields, tag: intent.tag)
        case .update(let item, let patch, let tag, _):
            guard let reference = outlookEdit(mailbox, item.id, tag: tag, { $0 = patch.applied(to: $0) }) else {
                throw StepFailure()  // ErrorItemNotFound: the user deleted it meanwhile
            }
            // Like the service: the accepted update is noted on its link at once, before the commit.
            if !patch.isEmpty, let link = mailboxes[mailbox]!.links.values.first(where: { $0.item.id == item.id }) {
                let write = UncommittedWrite(changeKey: reference.changeKey, patch: patch)
                mailboxes[mailbox]!.links[link.recordID]!.uncommittedWrite = link.uncommittedWrite?.followed(by: write) ?? write
            }
            return reference
        case .delete(let item, _):
            outlookDelete(mailbox, item.id)
            return nil
        }
    }

    private mutating func perform(_ operation: CRMOperation) {
        switch operation {
        case .create(let id, let fields, let owner):
            crmUpsert(id, fields: fields, owners: (records[id]?.record.owners ?? []).union([owner]))
        case .update(let id, let patch):
            crmEdit(id) { $0 = patch.applied(to: $0) }
        case .delete(let id):
            crmDelete(id)
        }
    }

    // MARK: Checking

    /// Runs rounds of cycles over every mailbox until one round writes nothing; returns whether it settled.
    mutating func settle(maxRounds: Int = 8) -> Bool {
        for _ in 0..<maxRounds {
            var wroteSomething = false
            for mailbox in mailboxes.keys.sorted() {
                guard let plan = cycle(mailbox) else { wroteSomething = true; continue }
                if !plan.writesNothing { wroteSomething = true }
            }
            if !wroteSomething { return true }
        }
        return false
    }

    /// Everything that is wrong with the current state, as readable lines (empty: converged).
    func convergenceProblems() -> [String] {
        var problems: [String] = []
        for (address, mailbox) in mailboxes.sorted(by: { $0.key < $1.key }) {
            var itemsSeen: [ItemID: RecordID] = [:]
            let entity = reconciler.policy.policy(for: kind)
            for link in mailbox.links.values.sorted(by: { $0.recordID < $1.recordID }) where !link.isDetached {
                guard let record = records[link.recordID]?.record else {
                    problems.append("\(address): link to missing record \(link.recordID)")
                    continue
                }
                guard record.owners.contains(address) else {
                    problems.append("\(address): link to record \(link.recordID) it does not own")
                    continue
                }
                guard let item = mailbox.items[link.item.id] else {
                    problems.append("\(address): link of \(link.recordID) to missing item \(link.item.id)")
                    continue
                }
                if let other = itemsSeen.updateValue(link.recordID, forKey: link.item.id) {
                    problems.append("\(address): item \(link.item.id) linked to both \(other) and \(link.recordID)")
                }
                if item.fields.normalized() != record.fields.normalized() {
                    problems.append("\(address): \(link.recordID) differs: CRM \(record.fields.values) vs Outlook \(item.fields.values)")
                }
                if link.base != record.fields.normalized() {
                    problems.append("\(address): base of \(link.recordID) is stale")
                }
            }
            for record in records.values.map(\.record) where record.owners.contains(address) {
                if mailbox.links[record.id] == nil { problems.append("\(address): owned record \(record.id) has no item") }
            }
            var tags: [SyncTag: ItemID] = [:]
            for (id, item) in mailbox.items.sorted(by: { $0.key < $1.key }) {
                if let tag = item.tag {
                    if let other = tags.updateValue(id, forKey: tag) {
                        problems.append("\(address): duplicate items \(other) and \(id) for \(tag)")
                    }
                    if mailbox.links[tag.recordID]?.item.id != id {
                        problems.append("\(address): tagged item \(id) (\(tag)) is not linked")
                    }
                } else if reconciler.policy.isOptedIn(item.fields) && entity.direction.writesCRM {
                    problems.append("\(address): opted-in item \(id) never reached the CRM")
                }
            }
            if !mailbox.intents.isEmpty { problems.append("\(address): pending intents left: \(mailbox.intents.keys.sorted())") }
        }
        return problems
    }
}

extension SyncWorld {
    /// Settles the world and records an issue (at the caller) when it does not settle.
    mutating func expectSettled(sourceLocation: SourceLocation = #_sourceLocation) {
        let settled = settle()
        #expect(settled, "did not settle: \(convergenceProblems())", sourceLocation: sourceLocation)
    }
}
