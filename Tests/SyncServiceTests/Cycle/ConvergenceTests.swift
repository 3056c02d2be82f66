import ExchangeSimulator
import Foundation
import SimulatorTestSupport
import SyncEngine
@testable import SyncService
import SyncStore
import Testing

/// Random interleavings of CRM edits, Outlook edits, deletes, creates, re-creates of a deleted
/// id, owners removed and added back, moves out of the folder and back (a new ItemId, the same
/// tag), deletes before read-back, writes refused while the mailbox is over its quota, interrupted
/// cycles and updates, and Exchange faults, with
/// fixed seeds (a failure replays exactly): both sides always settle on the same records and items,
/// one item per record, and a settled mailbox sends no write.
@Suite("Convergence under random interleavings")
struct ConvergenceTests {
    enum Step: CaseIterable {
        case crmCreate, crmEdit, crmDelete, outlookEdit, outlookDelete, sync, crashBeforeWrites, crashBeforeCommit
        /// Exchange fails the cycle's first write request (busy, 500, or a dropped connection).
        case faultDuringWrites
        /// The ERP creates again the id of a record it deleted.
        case crmRecreate
        /// The ERP gives a record to alice, bob's cycle runs or not, and the record comes back to bob.
        case ownerRemovedAndReadded
        /// The ERP edits a record, and the cycle that sends the edit to Outlook dies before its commit.
        case interruptedUpdate
        /// The user moves an item to another folder and back: it gets a new ItemId.
        case outlookMoveOutAndBack
        /// The ERP puts a record, a cycle creates its item, the user deletes it at once.
        case deleteBeforeReadBack
        /// Bob's mailbox is over its quota for one to four cycles: Exchange refuses the ERP's new and
        /// edited records item by item. Then it is freed, and the operator retries what was quarantined.
        case refusedWrite
        /// The ERP puts a record, the cycle that creates its item dies before its commit, and the
        /// user moves the new item away while the next cycle recovers (which creates it again),
        /// then back: a copy carrying the same tag.
        case movedAwayDuringRecovery

        /// How often each step is drawn: edits and cycles often, deletes and crashes less.
        var weight: Int {
            switch self {
            case .crmCreate, .crmEdit, .outlookEdit, .sync: 4
            case .crashBeforeCommit, .interruptedUpdate: 2
            case .crmDelete, .outlookDelete, .crashBeforeWrites, .faultDuringWrites, .crmRecreate, .ownerRemovedAndReadded: 1
            case .outlookMoveOutAndBack, .deleteBeforeReadBack, .refusedWrite, .movedAwayDuringRecovery: 1
            }
        }

        static let drawn: [Step] = allCases.flatMap { Array(repeating: $0, count: $0.weight) }
    }

    /// SplitMix64: small, seedable, good enough to pick steps.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let titles = ["Directeur", "Gérant", "Acheteuse", "Comptable"]
    static let departments = ["Achats", "Ventes", "Direction"]

    static func contact(_ index: Int, title: String) -> FieldSet {
        ContactFields(
            givenName: "Client", surname: "N\(index)", displayName: "Client N\(index)", companyName: "Société \(index)",
            jobTitle: title
        ).fields
    }

    @Test("Both sides converge with one item per live record", arguments: ConnectorAPI.allCases, [UInt64(7), 11, 99, 2026, 42])
    func converges(api: ConnectorAPI, seed: UInt64) async throws {
        try await CycleHarness.with(api: api) { harness in
            let bob = CycleHarness.bob
            var random = Generator(state: seed)
            var next = 0
            var deleted: [RecordID] = []
            var editedInOutlook = Set<RecordID>()
            var trace: [String] = []

            for _ in 0..<40 {
                let step = Step.drawn.randomElement(using: &random)!
                let live = try await harness.store.records(environment: CycleHarness.environment, ownedBy: bob, entity: .contact)
                let items = try await harness.items(.contact, in: bob).filter { $0.tag != nil }
                trace.append("\(step)")
                switch step {
                case .crmCreate:
                    next += 1
                    try await harness.upsert(.contact, RecordID("c\(next)"), Self.contact(next, title: Self.titles[0]))
                case .crmEdit:
                    guard let record = live.randomElement(using: &random) else { continue }
                    var fields = record.fields
                    fields[FieldName.jobTitle] = .text(Self.titles.randomElement(using: &random)!)
                    try await harness.upsert(.contact, record.key.id, fields)
                case .crmDelete:
                    guard let record = live.randomElement(using: &random) else { continue }
                    try await harness.store.deleteRecord(environment: CycleHarness.environment, record: record.key, ifMatch: nil)
                    deleted.append(record.key.id)
                case .crmRecreate:
                    guard let index = deleted.indices.randomElement(using: &random) else { continue }
                    let id = deleted.remove(at: index)
                    next += 1
                    try await harness.upsert(.contact, id, Self.contact(next, title: Self.titles.randomElement(using: &random)!))
                case .ownerRemovedAndReadded:
                    guard let record = live.randomElement(using: &random) else { continue }
                    try await harness.upsert(.contact, record.key.id, record.fields, owners: [CycleHarness.alice])
                    if Bool.random(using: &random) { try await harness.sync(bob) }
                    try await harness.upsert(.contact, record.key.id, record.fields, owners: [bob])
                case .interruptedUpdate:
                    guard let record = live.randomElement(using: &random) else { continue }
                    var fields = record.fields
                    fields[FieldName.jobTitle] = .text(Self.titles.randomElement(using: &random)!)
                    try await harness.upsert(.contact, record.key.id, fields)
                    var cycle = harness.cycle(bob)
                    cycle.beforeCommit = { throw InjectedCrash() }
                    _ = try? await cycle.run()
                case .outlookEdit:
                    guard let item = items.randomElement(using: &random) else { continue }
                    if let tag = item.tag { editedInOutlook.insert(tag.recordID) }
                    let set =
                        Bool.random(using: &random)
                        ? ["JobTitle": Self.titles.randomElement(using: &random)!]
                        : ["Department": Self.departments.randomElement(using: &random)!]
                    try harness.exchange.updateItem(in: bob.rawValue, id: try await harness.simulatorID(of: item, in: bob), set: set)
                case .outlookDelete:
                    guard let item = items.randomElement(using: &random) else { continue }
                    try harness.exchange.deleteItem(in: bob.rawValue, id: try await harness.simulatorID(of: item, in: bob))
                case .outlookMoveOutAndBack:
                    guard let item = items.randomElement(using: &random) else { continue }
                    let away = try harness.exchange.moveItem(in: bob.rawValue, id: try await harness.simulatorID(of: item, in: bob), to: "inbox")
                    try harness.exchange.moveItem(in: bob.rawValue, id: away.id, to: "contacts")
                case .deleteBeforeReadBack:
                    next += 1
                    try await harness.upsert(.contact, RecordID("c\(next)"), Self.contact(next, title: Self.titles[1]))
                    try await harness.sync(bob)
                    let newest = try harness.exchange.items(in: bob.rawValue, folder: "contacts").first
                    if let newest, newest.xml.contains(">c\(next)<") {
                        try harness.exchange.deleteItem(in: bob.rawValue, id: newest.id)
                    }
                case .refusedWrite:
                    try harness.exchange.setOverQuota(bob.rawValue, true)
                    next += 1
                    try await harness.upsert(.contact, RecordID("c\(next)"), Self.contact(next, title: Self.titles[2]))
                    if let record = live.randomElement(using: &random) {
                        var fields = record.fields
                        fields[FieldName.jobTitle] = .text(Self.titles.randomElement(using: &random)!)
                        try await harness.upsert(.contact, record.key.id, fields)
                    }
                    let cycles = Int.random(in: 1...4, using: &random)
                    trace[trace.count - 1] += "(\(cycles) cycles)"
                    for _ in 0..<cycles { try await harness.sync(bob) }
                    try harness.exchange.setOverQuota(bob.rawValue, false)
                    for failure in try await harness.store.failedItems(environment: CycleHarness.environment, mailbox: bob)
                    where failure.state == .quarantined {
                        try await harness.store.retryFailedItem(environment: CycleHarness.environment, id: failure.id)
                    }
                case .movedAwayDuringRecovery:
                    next += 1
                    let id = RecordID("c\(next)")
                    try await harness.upsert(.contact, id, Self.contact(next, title: Self.titles[3]))
                    var cycle = harness.cycle(bob)
                    cycle.beforeCommit = { throw InjectedCrash() }
                    _ = try? await cycle.run()
                    let created = try harness.exchange.items(in: bob.rawValue, folder: "contacts").first {
                        $0.xml.contains(">\(id.rawValue)<")
                    }
                    guard let created else { continue }
                    let away = try harness.exchange.moveItem(in: bob.rawValue, id: created.id, to: "inbox")
                    try await harness.sync(bob)
                    try harness.exchange.moveItem(in: bob.rawValue, id: away.id, to: "contacts")
                case .sync:
                    try await harness.sync(bob)
                case .crashBeforeWrites:
                    var cycle = harness.cycle(bob)
                    cycle.connector = ObservingConnector(base: harness.connector) { _, _ in throw InjectedCrash() }
                    _ = try? await cycle.run()
                case .crashBeforeCommit:
                    var cycle = harness.cycle(bob)
                    cycle.beforeCommit = { throw InjectedCrash() }
                    _ = try? await cycle.run()
                case .faultDuringWrites:
                    let fault = [FaultSettings.ScriptedFault.serverBusy, .internalServerError, .dropConnection]
                        .randomElement(using: &random)!
                    trace[trace.count - 1] += "(\(fault))"
                    let faults = harness.exchange.faults
                    var cycle = harness.cycle(bob)
                    cycle.connector = ObservingConnector(base: harness.connector) { _, _ in
                        faults.update(
                            tenantId: SimulatorFixture.contosoTenant,
                            to: FaultSettings(backOffMilliseconds: 50, scriptedFaults: [fault]))
                    }
                    _ = try? await cycle.run()
                    faults.update(tenantId: SimulatorFixture.contosoTenant, to: FaultSettings())
                }
            }

            // Settle, then check both sides.
            for _ in 0..<3 { try await harness.sync(bob) }
            var settled: SyncRunSummary?
            let quiet = try await harness.requests { settled = try await harness.sync(bob) }
            #expect(settled?.wroteAnything == false, "steps: \(trace)")
            #expect(quiet.writes.isEmpty, "steps: \(trace)")

            let records = try await harness.store.records(environment: CycleHarness.environment, ownedBy: bob, entity: .contact)
            let items = try await harness.items(.contact, in: bob).filter { $0.tag != nil }
            let tags = items.compactMap(\.tag)
            #expect(Set(tags).count == tags.count, "duplicate items; steps: \(trace)")
            #expect(Set(tags.map(\.recordID)) == Set(records.map(\.key.id)), "steps: \(trace)")
            for record in records {
                let item = items.first { $0.tag == SyncTag(record: record.key.id) }
                #expect(item?.fields == record.fields, "\(record.key); steps: \(trace)")
            }
            #expect(try await harness.links(bob).count == records.count, "steps: \(trace)")
            #expect(try await harness.pendingIntents(bob).isEmpty, "steps: \(trace)")
            let failures = try await harness.store.failedItems(environment: CycleHarness.environment, mailbox: bob)
            #expect(failures.isEmpty, "failed items left: \(failures.map(\.record)); steps: \(trace)")
            // A conflict needs an edit on both sides: one on a record whose item the user never
            // edited is our own write taken for the user's (an interrupted update, say).
            let conflicts = try await harness.store.conflicts(
                environment: CycleHarness.environment, matching: ConflictQuery(mailbox: bob, limit: 1000))
            let falseConflicts = conflicts.filter { !editedInOutlook.contains($0.conflict.record.id) }
            #expect(falseConflicts.isEmpty, "\(falseConflicts.map(\.conflict.record)); steps: \(trace)")
        }
    }
}
