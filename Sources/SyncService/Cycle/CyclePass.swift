import Foundation
import SyncEngine
import SyncStore

/// One attempt at a cycle: read, plan, write Outlook, commit. `SyncCycle` runs another pass when
/// the commit finds that the ERP changed a record in the meantime.
struct CyclePass {
    let cycle: SyncCycle
    let runID: RunID
    let startedAt: Date
    private(set) var counts = RunCounts()
    var stage = SyncCycleError.Stage.readingCRM
    var itemsRead = 0
    private var recordsRead = 0
    private var outlookWrites = 0
    private var crmWrites = 0
    private var deferred = 0
    private var fullResyncs: [EntityKind] = []
    /// The mailbox's failed items when the pass began, by record.
    private var failures: [RecordKey: FailedItem] = [:]

    init(cycle: SyncCycle, runID: RunID, startedAt: Date) {
        self.cycle = cycle
        self.runID = runID
        self.startedAt = startedAt
    }

    /// What was planned for one kind, and what Outlook answered.
    struct KindPlan {
        var kind: EntityKind
        var plan: SyncPlan
        var links: [RecordID: StoredLink]
        var pendingIntents: [RecordID: StoredIntent]
        var cursor: String?
        var nextCursor: String
        var results: [OutlookWriteResult] = []
        /// The plan for items an update found gone (removed, or moved, between the cycle's read
        /// and its write).
        var followUp: SyncPlan?
        var followUpResults: [OutlookWriteResult] = []
        /// Items whose links stop awaiting read-back when this kind's cursor is committed.
        var readBack: Set<ItemID> = []
        /// The fields the engine planned each linked item's update from (as read this cycle, else
        /// its link's base), kept only when the connector writes some fields together.
        var views: [ItemID: FieldSet] = [:]
        /// A step of an earlier page of a complete read in pages was deferred: the cursor stays.
        var deferredEarlier = false
        /// Records whose Outlook write an earlier page planned (a retrying failure among them is
        /// not needless).
        var plannedEarlier: Set<RecordID> = []
    }

    mutating func run() async throws(SyncCycleError) -> SyncRunSummary {
        do {
            return try await perform()
        } catch {
            throw SyncCycleError(environment: cycle.environment, mailbox: cycle.mailbox, stage: stage, underlying: error)
        }
    }

    var environment: String { cycle.environment }
    var mailbox: MailboxAddress { cycle.mailbox }
    var store: any SyncStore { cycle.store }

    private mutating func perform() async throws -> SyncRunSummary {
        let kinds = cycle.enabledKinds

        // 1. Read both sides.
        stage = .readingCRM
        var crm = try await CRMRead.read(
            environment: environment, mailbox: mailbox, kinds: kinds, store: store, pageSize: cycle.pageSize)
        let intents = try await store.pendingIntents(environment: environment, mailbox: mailbox)
        let ledger = try await store.failedItems(environment: environment, mailbox: mailbox)
        failures = Dictionary(ledger.map { ($0.record, $0) }, uniquingKeysWith: { _, last in last })
        // A refused write still retrying is planned again even when neither side reports a change
        // (its cursors may have moved for another reason, or an operator asked for a retry).
        for failure in ledger where failure.state == .retrying && kinds.contains(failure.record.entity) {
            try await crm.load(failure.record, environment: environment, store: store, purgedMeansDeleted: false)
        }
        cycle.report(.reading, read: crm.recordsRead)

        var plans: [KindPlan] = []
        for kind in kinds {
            stage = .readingCRM
            let links = try await store.links(environment: environment, mailbox: mailbox, entity: kind)
            let cursor = try await store.syncState(
                environment: environment, mailbox: mailbox, folderID: FolderName.of(kind))

            // A first sync or a full resync is read, planned, written and committed page by page
            // (memory follows a page); crash recovery of pending creates needs the whole read.
            let pending = intents.filter { $0.record.entity == kind }
            var firstPage: FolderChangePage?
            if pending.isEmpty, cursor == nil, crm.changes(of: kind).isComplete {
                plans.append(try await planCompleteReadInPages(kind, links: links, crm: &crm, replacing: nil))
                continue
            } else if pending.isEmpty, let cursor {
                stage = .readingOutlook
                do {
                    firstPage = try await cycle.connector.changes(
                        of: kind, in: mailbox, since: cursor, maxChanges: cycle.pageSize,
                        linkedItems: Set(links.map { ItemID($0.itemID) }))
                } catch MailboxConnectorError.cursorRejected {
                    fullResyncs.append(kind)
                    stage = .readingCRM
                    try await crm.readAll(kind, environment: environment, mailbox: mailbox, store: store)
                    plans.append(try await planCompleteReadInPages(kind, links: links, crm: &crm, replacing: cursor))
                    continue
                }
            }

            stage = .readingOutlook
            var pageItems = 0
            let alreadyRead = itemsRead + crm.recordsRead
            var folder = try await FolderRead.read(
                kind, in: mailbox, since: cursor, using: cycle.connector, pageSize: cycle.pageSize,
                linkedItems: Set(links.map { ItemID($0.itemID) }), firstPage: firstPage
            ) { count in
                pageItems += count
                cycle.report(.reading, kind: kind, read: alreadyRead + pageItems)
            }
            itemsRead += folder.changes.changed.count + folder.changes.deleted.count
            if folder.isFullResync {
                fullResyncs.append(kind)
                stage = .readingCRM
                try await crm.readAll(kind, environment: environment, mailbox: mailbox, store: store)
            }

            let engineLinks = links.map(\.engineLink)
            let outOfReach = OutOfReachFields(connector: cycle.connector, kind: kind, links: engineLinks)
            folder.changes = outOfReach.filled(folder.changes)

            // Linked items that vanished from the read: look for their tags before acting on them.
            stage = .readingOutlook
            let foundByTag = outOfReach.filled(
                try await VanishedItemSearch.items(
                    for: engineLinks, in: folder.changes, kind: kind, mailbox: mailbox, connector: cycle.connector))
            itemsRead += foundByTag.count

            stage = .recoveringIntents
            let engineIntents = pending.map(\.engineIntent)
            let found =
                engineIntents.isEmpty
                ? [] : outOfReach.filled(try await cycle.connector.items(taggedWith: engineIntents.map(\.tag), kind: kind, in: mailbox))
            itemsRead += found.count

            // The engine merges against the record's current state: load the records of the items
            // that changed (linked, or tagged with a record), and the version of those deleted.
            stage = .readingCRM
            let linksByItem = Dictionary(links.map { ($0.itemID, $0) }, uniquingKeysWith: { first, _ in first })
            for item in folder.changes.changed + found + foundByTag {
                if let link = linksByItem[item.id.rawValue] {
                    try await crm.load(link.record, environment: environment, store: store)
                } else if let tag = item.tag {
                    try await crm.load(
                        RecordKey(kind, tag.recordID), environment: environment, store: store, purgedMeansDeleted: false)
                }
            }
            for id in folder.changes.deleted {
                if let link = linksByItem[id.rawValue] {
                    try await crm.loadVersion(link.record, environment: environment, store: store)
                }
            }
            if folder.changes.isComplete {
                for link in links { try await crm.loadVersion(link.record, environment: environment, store: store) }
            }
            for link in VanishedItems.vanished(engineLinks, in: folder.changes) {
                try await crm.loadVersion(RecordKey(kind, link.recordID), environment: environment, store: store)
            }

            let input = ReconciliationInput(
                mailbox: mailbox, kind: kind, links: engineLinks, crm: crm.changes(of: kind),
                outlook: folder.changes, recovery: IntentRecovery(pending: engineIntents, found: found),
                foundByTag: foundByTag)
            let plan = Reconciler(policy: cycle.policy).plan(input, now: cycle.clock())
            var views: [ItemID: FieldSet] = [:]
            if !cycle.connector.fieldsWrittenTogether(of: kind).isEmpty {
                for link in engineLinks { views[link.item.id] = link.base }
                for item in folder.changes.changed + found + foundByTag { views[item.id] = item.fields }
            }
            plans.append(
                KindPlan(
                    kind: kind, plan: plan,
                    links: Dictionary(links.map { ($0.record.id, $0) }, uniquingKeysWith: { first, _ in first }),
                    pendingIntents: Dictionary(pending.map { ($0.record.id, $0) }, uniquingKeysWith: { first, _ in first }),
                    cursor: cursor, nextCursor: folder.nextCursor,
                    readBack: VanishedItems.readBack(
                        links: engineLinks, plan: plan, outlook: folder.changes, foundByTag: foundByTag),
                    views: views))
        }
        recordsRead = crm.recordsRead

        // Stopping now leaves nothing behind: nothing was written yet.
        try Task.checkCancellation()

        // 2. Persist every intent to create, then write to Outlook.
        stage = .writingOutlook
        let planned = plans.reduce(0) { $0 + $1.plan.outlookOperations.count + $1.plan.crmOperations.count }
        var intentIDs: [RecordKey: String] = [:]
        for kindPlan in plans {
            try await persistIntents(of: kindPlan.plan, kind: kindPlan.kind, into: &intentIDs)
        }
        for index in plans.indices {
            let kind = plans[index].kind
            cycle.report(.writing, kind: kind, read: itemsRead + recordsRead, planned: planned, written: outlookWrites)
            plans[index].results = try await apply(plans[index].plan.outlookOperations, kind: kind, views: plans[index].views)
            try await recordUncommittedWrites(of: plans[index])
        }
        for index in plans.indices {
            guard let followUp = try await planVanishedItems(plans[index], crm: &crm) else { continue }
            try await persistIntents(of: followUp, kind: plans[index].kind, into: &intentIDs)
            plans[index].followUp = followUp
            plans[index].followUpResults = try await apply(followUp.outlookOperations, kind: plans[index].kind, views: plans[index].views)
        }

        // 3. Commit everything at once.
        stage = .committing
        cycle.report(.committing, read: itemsRead + recordsRead, planned: planned, written: outlookWrites)
        if let beforeCommit = cycle.beforeCommit { try await beforeCommit() }
        var work = UnitOfWork(environment: environment, lease: cycle.lease, runID: runID)
        var anyDeferred = false
        for kindPlan in plans {
            var linkChanges: [RecordID: String?] = [:]
            let kindDeferred =
                record(kindPlan, crm: crm, intentIDs: intentIDs, into: &work, linkChanges: &linkChanges)
                || kindPlan.deferredEarlier
            anyDeferred = anyDeferred || kindDeferred
            if !kindDeferred, kindPlan.nextCursor != kindPlan.cursor {
                work.setSyncState(
                    mailbox: mailbox, folderID: FolderName.of(kindPlan.kind), from: kindPlan.cursor,
                    to: kindPlan.nextCursor)
            }
            // Only with the cursor that covers them: a cursor left behind reports them again.
            if !kindDeferred {
                work.confirmReadBack(
                    mailbox: mailbox, entity: kindPlan.kind, itemIDs: kindPlan.readBack.map(\.rawValue).sorted())
            }
        }
        // A deferred step may depend on a CRM change: read it again next time.
        if !anyDeferred, crm.to != crm.from {
            work.setCRMFeedPosition(consumer: .mailbox(mailbox), from: crm.from, to: crm.to)
        }
        work.markMailboxSynced(mailbox)
        work.finishRun(runID, outcome: .succeeded, counts: counts)
        // In a task of its own: Exchange already holds our writes, so a cancellation arriving now
        // must not throw their commit away (store calls of a cancelled task fail at once).
        let store = self.store
        let receipt = try await Task { [work] in try await store.commit(work) }.value

        let summary = SyncRunSummary(
            environment: environment, mailbox: mailbox, runID: runID.rawValue, outcome: .succeeded,
            startedAt: startedAt, finishedAt: cycle.clock(), itemsRead: itemsRead, recordsRead: recordsRead,
            outlookWrites: outlookWrites, crmWrites: crmWrites, counts: counts, deferred: deferred,
            failedItems: receipt.failedItems, fullResyncs: fullResyncs)
        cycle.report(.finished, read: itemsRead + recordsRead, planned: planned, written: outlookWrites + crmWrites)
        return summary
    }

    /// Adds one kind's results to the unit of work. Returns whether a step was deferred.
    ///
    /// - Parameters:
    ///   - linkChanges: receives each link the unit of work creates, updates (the item's id) or removes (`nil`).
    ///   - isPage: the plan is one page of a complete read: a retrying failure it does not write is
    ///     left for the read's last step, which knows every page.
    mutating func record(
        _ kindPlan: KindPlan, crm: CRMRead, intentIDs: [RecordKey: String], into work: inout UnitOfWork,
        linkChanges: inout [RecordID: String?], isPage: Bool = false
    ) -> Bool {
        let kind = kindPlan.kind
        let policy = cycle.policy.policy(for: kind)
        var anyDeferred = false
        var linked = Set<RecordID>()
        var resolved = Set<String>()
        var quarantinedCreates = Set<RecordID>()
        var outlookWritten = Set<RecordID>()

        var outcomes: [(step: PlanStep, result: OutlookWriteResult?, supersededOnNotFound: Bool)] = []
        var results = kindPlan.results.makeIterator()
        for step in kindPlan.plan.steps {
            outcomes.append((step, step.outlook == nil ? nil : results.next(), kindPlan.followUp != nil))
        }
        if let followUp = kindPlan.followUp {
            var followUpResults = kindPlan.followUpResults.makeIterator()
            for step in followUp.steps {
                outcomes.append((step, step.outlook == nil ? nil : followUpResults.next(), false))
            }
        }

        for (step, result, supersededOnNotFound) in outcomes {
            var reference: ItemReference?
            var stepDeferred = false
            if let operation = step.outlook {
                switch result {
                case .written(let written)?: reference = written
                case .deleted?: break
                case .notFound?:
                    if case .delete = operation { break }
                    // The follow-up plan handles the vanished item.
                    if supersededOnNotFound { continue }
                    stepDeferred = true
                case .failed(let code, let message)?:
                    stepDeferred = true
                    guard let recordID = step.decision.recordID else { break }
                    let refusal = Refusal(
                        step: step, record: RecordKey(kind, recordID), operation: operation, code: code, message: message,
                        previous: failures[RecordKey(kind, recordID)], maxAttempts: cycle.failedWriteAttempts)
                    work.recordRefusedWrite(refusal.write)
                    work.logDecision(refusal.decision)
                    // Only the refused Outlook half is given up: the user's edits the step merges into
                    // a linked record still reach the CRM. The link keeps its base, so the next merge
                    // writes the refused fields again.
                    if case .update? = step.crm, kindPlan.links[recordID] != nil, let crmOperation = step.crm,
                        let write = recordWrite(crmOperation, kind: kind, step: step, crm: crm)
                    {
                        work.applyOutlookChange(write)
                        crmWrites += 1
                    }
                    // Quarantined: the step is given up and its cursors move on; the write is made
                    // again when either side changes the record or its item.
                    if refusal.quarantines {
                        if case .create = operation { quarantinedCreates.insert(recordID) }
                        continue
                    }
                case .conflict?, .unavailable?, nil: stepDeferred = true
                }
                if !stepDeferred, let recordID = step.decision.recordID { outlookWritten.insert(recordID) }
            }
            if stepDeferred {
                deferred += 1
                anyDeferred = true
                continue
            }
            count(step)

            if let operation = step.crm, let write = recordWrite(operation, kind: kind, step: step, crm: crm) {
                work.applyOutlookChange(write)
                crmWrites += 1
            }

            if let link = step.committedLink(outlookResult: reference) {
                let existing = kindPlan.links[link.recordID]
                let stored = StoredLink(
                    link, environment: environment,
                    lastWrittenChangeKey: reference?.changeKey.rawValue ?? existing?.lastWrittenChangeKey)
                if existing != nil || linked.contains(link.recordID) {
                    work.updateLink(stored)
                } else {
                    work.createLink(stored)
                }
                linked.insert(link.recordID)
                linkChanges[link.recordID] = stored.itemID
            } else if let removed = step.removedLink, kindPlan.links[removed] != nil, !linked.contains(removed) {
                work.removeLink(mailbox: mailbox, record: RecordKey(kind, removed))
                linkChanges[removed] = .some(nil)
            }

            if let entry = DecisionLogMapping.entry(for: step.decision) { work.logDecision(entry) }
            for conflict in step.conflicts {
                if let entry = DecisionLogMapping.entry(for: conflict, decision: step.decision, policy: policy.conflict) {
                    work.recordConflict(entry)
                }
            }
        }

        // A write made for a record ends its failure; a retrying failure whose record no longer
        // needs an Outlook write (the user deleted the item, the ERP fixed the record otherwise) too.
        let plannedWrites = Set(outcomes.compactMap { $0.step.outlook == nil ? nil : $0.step.decision.recordID })
            .union(kindPlan.plannedEarlier)
        for failure in failures.values.sorted(by: { $0.id < $1.id }) where failure.record.entity == kind {
            let written = outlookWritten.contains(failure.record.id)
            let needless = !isPage && failure.state == .retrying && !plannedWrites.contains(failure.record.id)
            if written || needless { work.clearFailedItem(mailbox: mailbox, record: failure.record) }
        }

        // A create refused until quarantine is not pending any more: the server holds no item.
        for recordID in quarantinedCreates.sorted() {
            for id in [kindPlan.pendingIntents[recordID]?.id, intentIDs[RecordKey(kind, recordID)]].compactMap(\.self)
            where resolved.insert(id).inserted {
                work.resolveIntent(id: id, as: .abandoned)
            }
        }

        // An intent is done once its record's link is committed; obsolete ones are given up.
        for recordID in linked.sorted() {
            for id in [kindPlan.pendingIntents[recordID]?.id, intentIDs[RecordKey(kind, recordID)]].compactMap(\.self)
            where resolved.insert(id).inserted {
                work.resolveIntent(id: id, as: .completed)
            }
        }
        let obsolete = kindPlan.plan.obsoleteIntents + (kindPlan.followUp?.obsoleteIntents ?? [])
        for intent in obsolete where resolved.insert(intent.id).inserted {
            work.resolveIntent(id: intent.id, as: .abandoned)
        }
        return anyDeferred
    }

    /// Persists the intents of a plan's creates (before any of them is sent). Each attempt gets an
    /// id of its own, so a record created, deleted and created again never meets its resolved
    /// intents; when one is still pending for the record, the store returns it instead.
    func persistIntents(of plan: SyncPlan, kind: EntityKind, into ids: inout [RecordKey: String]) async throws {
        for intent in plan.intentsToPersist {
            let key = RecordKey(kind, intent.recordID)
            let stored = try await store.recordIntent(
                id: StoredIntent.attemptID(of: intent), environment: environment, mailbox: mailbox, record: key, tag: intent.tag.rawValue,
                fields: intent.fields)
            ids[key] = stored.id
        }
    }

    /// Notes on their links the updates Exchange accepted, at once: if this pass never commits
    /// (a crash, a cancellation, a refused commit), the next one still knows these values as ours.
    func recordUncommittedWrites(of kindPlan: KindPlan) async throws {
        let linksByItem = Dictionary(kindPlan.links.values.map { ($0.itemID, $0) }, uniquingKeysWith: { first, _ in first })
        var work = UnitOfWork(environment: environment, lease: cycle.lease, runID: runID)
        for (operation, result) in zip(kindPlan.plan.outlookOperations, kindPlan.results) {
            guard case .update(let item, let patch, _, _) = operation, !patch.isEmpty,
                case .written(let written) = result, let link = linksByItem[item.id.rawValue]
            else { continue }
            let write = UncommittedWrite(changeKey: written.changeKey, patch: patch)
            work.recordUncommittedWrite(
                mailbox: mailbox, record: link.record, itemID: link.itemID,
                write: link.uncommittedWrite?.followed(by: write) ?? write)
        }
        guard !work.isEmpty else { return }
        // In a task of its own, like the cycle's commit: Exchange already accepted these writes.
        let store = self.store
        try await Task { [work] in try await store.commit(work) }.value
    }

    /// Sends a batch of writes; one result per operation. An update touching a group of fields the
    /// connector writes together (Graph: a contact's phones, e-mail addresses) carries the whole
    /// group, from the fields the engine planned it from: the connector cannot tell the group's
    /// untouched positions from what it reads (`MailboxConnector.fieldsWrittenTogether`).
    mutating func apply(_ operations: [OutlookOperation], kind: EntityKind, views: [ItemID: FieldSet] = [:]) async throws
        -> [OutlookWriteResult]
    {
        guard !operations.isEmpty else { return [] }
        let groups = cycle.connector.fieldsWrittenTogether(of: kind)
        let operations = groups.isEmpty ? operations : operations.map { Self.completed($0, groups: groups, views: views) }
        // Fenced: a worker whose lease passed to another (it stalled past its expiry) stops here,
        // before an Outlook write that no commit could take back.
        if let lease = cycle.lease { try await store.confirmLease(lease) }
        let results = try await cycle.connector.apply(operations, kind: kind, in: mailbox)
        guard results.count == operations.count else {
            throw ConnectorContractViolation(operations: operations.count, results: results.count)
        }
        outlookWrites += operations.count
        return results
    }

    /// `operation` with each group of fields it touches written whole, from the engine's view of the item.
    static func completed(_ operation: OutlookOperation, groups: [[String]], views: [ItemID: FieldSet]) -> OutlookOperation {
        guard case .update(let item, var patch, let tag, let send) = operation, let view = views[item.id] else { return operation }
        let target = patch.applied(to: view)
        let touched = Set(patch.fieldNames)
        for group in groups where !touched.isDisjoint(with: group) {
            for name in group where !touched.contains(name) {
                if let value = target[name] { patch.values[name] = value } else { patch.cleared.insert(name) }
            }
        }
        return .update(item: item, patch: patch, tag: tag, sendMeetingInvitations: send)
    }

    /// Plans again the linked items an update found gone (removed or moved between the cycle's
    /// read and its write): re-linked to an item carrying their tag, else as deleted in Outlook.
    func planVanishedItems(_ kindPlan: KindPlan, crm: inout CRMRead) async throws -> SyncPlan? {
        var vanished = Set<ItemID>()
        for (operation, result) in zip(kindPlan.plan.outlookOperations, kindPlan.results) {
            if case .update(let item, _, _, _) = operation, case .notFound = result { vanished.insert(item.id) }
        }
        guard !vanished.isEmpty else { return nil }
        let links = kindPlan.links.values.filter { vanished.contains(ItemID($0.itemID)) }
        // Moved meanwhile (a new id, the same tag)? Then the link follows the item.
        let deleted = MailboxChanges(deleted: vanished)
        let engineLinks = links.map(\.engineLink)
        let outOfReach = OutOfReachFields(connector: cycle.connector, kind: kindPlan.kind, links: engineLinks)
        let foundByTag = outOfReach.filled(
            try await VanishedItemSearch.items(
                for: engineLinks, in: deleted, kind: kindPlan.kind, mailbox: mailbox, connector: cycle.connector))
        var records: [SyncEngine.CRMRecord] = []
        for link in links {
            try await crm.loadVersion(link.record, environment: environment, store: store)
            if let record = crm.changes(of: kindPlan.kind).changed.first(where: { $0.id == link.record.id }) {
                records.append(record)
            } else if let stored = try await store.record(environment: environment, key: link.record), !stored.isDeleted {
                records.append(stored.engineRecord)
            }
        }
        let input = ReconciliationInput(
            mailbox: mailbox, kind: kindPlan.kind, links: engineLinks, crm: CRMChanges(changed: records),
            outlook: deleted, foundByTag: foundByTag)
        return Reconciler(policy: cycle.policy).plan(input, now: cycle.clock())
    }

    /// The CRM write of a step, or `nil` when there is nothing to write (deleting a record that
    /// never reached the store).
    func recordWrite(_ operation: CRMOperation, kind: EntityKind, step: PlanStep, crm: CRMRead)
        -> OutlookRecordWrite?
    {
        let itemID = step.decision.itemID?.rawValue
        switch operation {
        case .create(let id, let fields, let owner):
            return OutlookRecordWrite(
                record: RecordKey(kind, id), mailbox: mailbox, itemID: itemID,
                change: .create(fields: fields, owners: [owner]), expectedVersion: nil)
        case .update(let id, let patch):
            let key = RecordKey(kind, id)
            return OutlookRecordWrite(
                record: key, mailbox: mailbox, itemID: itemID,
                change: .update(set: FieldSet(patch.values), clear: patch.cleared), expectedVersion: crm.versions[key])
        case .delete(let id):
            let key = RecordKey(kind, id)
            guard let version = crm.versions[key] else { return nil }
            return OutlookRecordWrite(record: key, mailbox: mailbox, itemID: itemID, change: .delete, expectedVersion: version)
        }
    }

    mutating func count(_ step: PlanStep) {
        switch step.outlook {
        case .create?: counts.itemsCreated += 1
        case .update?: counts.itemsUpdated += 1
        case .delete?: counts.itemsDeleted += 1
        case nil: break
        }
        switch step.crm {
        case .create?: counts.recordsCreated += 1
        case .update?: counts.recordsUpdated += 1
        case .delete?: counts.recordsDeleted += 1
        case nil: break
        }
        counts.conflicts += step.conflicts.count
        if case .skip = step.decision.action { counts.skipped += 1 }
    }
}

/// The connector answered a batch with a different number of results than operations.
struct ConnectorContractViolation: Error, CustomStringConvertible {
    var operations: Int
    var results: Int
    var description: String {
        "the mailbox connector returned \(results) results for \(operations) operations (a bug in the connector)"
    }
}
