import Foundation
import PropertyBased
import SyncEngine
import Testing

/// Random interleavings of CRM edits, Outlook edits, deletes, owner changes, re-creates of a
/// deleted id, owners removed and added back, crashes, interrupted updates and full resyncs, over
/// two mailboxes, must settle with both sides equal and no duplicates. The user also moves items
/// out of their folder and back (a new id, the same tag) and deletes the item a cycle just created
/// before any cycle read it back (net changes: the stream never reports it).
@Suite struct ConvergencePropertyTests {
    static let alice: MailboxAddress = "alice@contoso.example"
    static let bob: MailboxAddress = "bob@contoso.example"
    static let mailboxes = [alice, bob]
    static let fieldNames = [FieldName.givenName, FieldName.surname, FieldName.companyName]
    static let words = ["Ana", "Ben", "Chloé", "  Dev  ", ""]

    /// Plays one encoded action on the world. Each number picks an action and its arguments, so
    /// that the generator's shrinking shortens and simplifies failing scripts.
    static func play(_ code: Int, on world: inout SyncWorld) {
        let action = code % 17
        var rest = code / 17
        func pick(_ count: Int) -> Int {
            defer { rest /= max(count, 1) }
            return rest % max(count, 1)
        }
        let mailbox = mailboxes[pick(2)]
        let recordIDs = world.records.keys.sorted()
        let itemIDs = world.mailboxes[mailbox]!.items.keys.sorted()
        switch action {
        case 0, 1:
            let owners: [Set<MailboxAddress>] = [[alice], [bob], [alice, bob]]
            var fields = FieldSet()
            for name in fieldNames { fields[name] = .text(words[pick(words.count)]) }
            world.crmUpsert(RecordID("crm-\(world.number())"), fields: fields, owners: owners[pick(3)])
        case 2, 3:
            guard !recordIDs.isEmpty else { return }
            let id = recordIDs[pick(recordIDs.count)]
            let field = fieldNames[pick(fieldNames.count)]
            let word = words[pick(words.count)]
            world.crmEdit(id) { $0[field] = word.isEmpty ? nil : .text(word) }
        case 4:
            guard !recordIDs.isEmpty else { return }
            let owners: [Set<MailboxAddress>] = [[alice], [bob], [alice, bob]]
            world.crmSetOwners(recordIDs[pick(recordIDs.count)], owners[pick(3)])
        case 5:
            guard !recordIDs.isEmpty else { return }
            world.crmDelete(recordIDs[pick(recordIDs.count)])
        case 6, 7:
            guard !itemIDs.isEmpty else { return }
            let id = itemIDs[pick(itemIDs.count)]
            let field = fieldNames[pick(fieldNames.count)]
            let word = words[pick(words.count)]
            world.outlookEdit(mailbox, id) { $0[field] = word.isEmpty ? nil : .text(word) }
        case 8:
            var fields = FieldSet()
            for name in fieldNames { fields[name] = .text(words[pick(words.count)]) }
            if pick(2) == 0 { fields[FieldName.categories] = .list([.text(pick(2) == 0 ? "Prextra" : "prextra ")]) }
            world.outlookCreate(mailbox, fields: fields)
        case 9:
            guard !itemIDs.isEmpty else { return }
            world.outlookDelete(mailbox, itemIDs[pick(itemIDs.count)])
        case 14:
            guard !itemIDs.isEmpty else { return }
            world.outlookMoveOutAndBack(mailbox, itemIDs[pick(itemIDs.count)])
        case 15:
            // Deleted before read-back when the newest item is one a cycle just created.
            guard let newest = world.newestItem(mailbox) else { return }
            world.outlookDelete(mailbox, newest)
        case 10:
            // A cycle that crashes after a few durable actions (or completes when the plan is short).
            world.cycle(mailbox, crashAfter: pick(6))
        case 11:
            // The ERP creates again the id of a record it deleted.
            let deleted = world.recordTombstones.keys.sorted()
            guard !deleted.isEmpty else { return }
            let owners: [Set<MailboxAddress>] = [[alice], [bob], [alice, bob]]
            var fields = FieldSet()
            for name in fieldNames { fields[name] = .text(words[pick(words.count)]) }
            world.crmUpsert(deleted[pick(deleted.count)], fields: fields, owners: owners[pick(3)])
        case 12:
            // The ERP removes the mailbox from a record's owners and adds it back, with or without
            // a cycle of that mailbox in between.
            // When the user edited the item just before, the edit reaches the CRM all the same.
            guard !recordIDs.isEmpty else { return }
            let id = recordIDs[pick(recordIDs.count)]
            let owners = world.records[id]!.record.owners
            var edited: (field: String, value: FieldValue)?
            if pick(2) == 0, world.cycle(mailbox) != nil, let link = world.mailboxes[mailbox]!.links[id], !link.isDetached,
                world.mailboxes[mailbox]!.items[link.item.id] != nil
            {
                let field = fieldNames[pick(fieldNames.count)]
                let value = FieldValue.text("Edited \(world.number())")
                world.outlookEdit(mailbox, link.item.id) { $0[field] = value }
                edited = (field, value)
            }
            world.crmSetOwners(id, owners.subtracting([mailbox]))
            if edited != nil || pick(2) == 0 {
                let completed = world.cycle(mailbox) != nil
                if let edited, completed, world.reconciler.policy.policy(for: world.kind).direction.writesCRM {
                    #expect(
                        world.records[id]?.record.fields[edited.field] == edited.value,
                        "the user's edit of \(id) was lost when the owner changed")
                }
            }
            world.crmSetOwners(id, owners.union([mailbox]))
        case 13:
            // An update interrupted before its commit, then the ERP edits the record again: the
            // next cycle recognises our write and sees no conflict (nobody else edited the item).
            guard !recordIDs.isEmpty else { return }
            let id = recordIDs[pick(recordIDs.count)]
            let field = fieldNames[pick(fieldNames.count)]
            let caughtUp = world.cycle(mailbox) != nil
            world.crmEdit(id) { $0[field] = .text(words[pick(words.count)] + "!") }
            world.cycle(mailbox, crashAfterOutlookWrites: true)
            if pick(2) == 0 { world.crmEdit(id) { $0[field] = .text(words[pick(words.count)] + "?") } }
            if caughtUp, let plan = world.cycle(mailbox) {
                #expect(plan.conflicts.isEmpty, "our interrupted update taken for the user's edit: \(plan.conflicts)")
            }
        default:
            if pick(4) == 0 { world.invalidateCursors(mailbox) }
            world.cycle(mailbox)
        }
    }

    static func check(script: [Int], policy: SyncPolicy) {
        var world = SyncWorld(policy: policy, mailboxes: mailboxes)
        for code in script { play(code, on: &world) }
        let settled = world.settle()
        #expect(settled, "did not settle: \(world.convergenceProblems())")
        let problems = world.convergenceProblems()
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        #expect(world.undecided.isEmpty, "no decision for: \(world.undecided)")
        // Steady state: another round reads our own writes back and writes nothing.
        for mailbox in mailboxes {
            let plan = world.cycle(mailbox)
            #expect(plan?.writesNothing == true, "steady state wrote: \(plan?.decisions.filter(\.writes) ?? [])")
        }
    }

    @Test func randomInterleavingsConvergeWithCRMWins() async {
        await propertyCheck(count: 400, input: Gen.int(in: 0...1_000_000).array(of: 1...60)) { script in
            Self.check(script: script, policy: SyncPolicy())
        }
    }

    @Test func randomInterleavingsConvergeWithOutlookWins() async {
        let policy = SyncPolicy(defaultEntityPolicy: EntityPolicy(conflict: .outlookWins))
        await propertyCheck(count: 250, input: Gen.int(in: 0...1_000_000).array(of: 1...60)) { script in
            Self.check(script: script, policy: policy)
        }
    }

    @Test func randomInterleavingsConvergeWithLatestWins() async {
        let policy = SyncPolicy(defaultEntityPolicy: EntityPolicy(conflict: .latestWins))
        await propertyCheck(count: 250, input: Gen.int(in: 0...1_000_000).array(of: 1...60)) { script in
            Self.check(script: script, policy: policy)
        }
    }

    @Test func randomInterleavingsConvergeWhenDeletesOnlyUnlink() async {
        let policy = SyncPolicy(defaultEntityPolicy: EntityPolicy(delete: .unlink))
        await propertyCheck(count: 200, input: Gen.int(in: 0...1_000_000).array(of: 1...60)) { script in
            Self.check(script: script, policy: policy)
        }
    }

    @Test func randomInterleavingsConvergeWhenOutlookMirrorsTheCRM() async {
        let policy = SyncPolicy(defaultEntityPolicy: EntityPolicy(direction: .crmToOutlook))
        await propertyCheck(count: 200, input: Gen.int(in: 0...1_000_000).array(of: 1...60)) { script in
            Self.check(script: script, policy: policy)
        }
    }

    /// Replaying after a crash at every possible point of one busy cycle never duplicates anything.
    @Test func aCrashAtEveryPointOfACycleIsRecovered() {
        for crashPoint in 0..<40 {
            var world = SyncWorld(mailboxes: Self.mailboxes)
            for index in 0..<4 {
                world.crmUpsert(
                    RecordID("r\(index)"), fields: [FieldName.surname: .text("S\(index)")], owners: [Self.alice, Self.bob])
            }
            world.outlookCreate(Self.alice, fields: [FieldName.surname: "Opted", FieldName.categories: .list(["Prextra"])])
            world.outlookCreate(Self.alice, fields: [FieldName.surname: "Private"])
            world.cycle(Self.alice, crashAfter: crashPoint)
            let settled = world.settle()
            #expect(settled, "crash point \(crashPoint)")
            let problems = world.convergenceProblems()
            #expect(problems.isEmpty, "crash point \(crashPoint): \(problems)")
            #expect(world.mailboxes[Self.alice]!.items.count == 6, "crash point \(crashPoint)")
            #expect(world.records.count == 5, "crash point \(crashPoint)")
        }
    }
}
