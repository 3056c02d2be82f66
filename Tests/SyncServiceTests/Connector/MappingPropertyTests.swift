import ExchangeSimulator
import SimulatorTestSupport
import Foundation
import PropertyBased
import SyncEngine
@testable import SyncService
import Testing

/// The mapping is lossless for every field the engine models, on both connectors: random contacts,
/// tasks and appointments created through the connector read back from the simulator as the same
/// `FieldSet`, less what the connector says it cannot reach (Graph: a contact's fax, a task's
/// percent complete, attendees without invitations).
@Suite("Both connectors' mappings are lossless")
struct MappingPropertyTests {
    static let itemsPerBatch = 25

    /// A batch of creates of random entities of `kind`, with the fields each tag should read back as.
    static func randomCreates(
        _ kind: EntityKind, prefix: String, in mailbox: MailboxAddress, using random: inout RandomEntities
    ) -> ([SyncTag: FieldSet], [OutlookOperation]) {
        var fieldsByTag: [SyncTag: FieldSet] = [:]
        var operations: [OutlookOperation] = []
        for number in 0..<itemsPerBatch {
            let fields: FieldSet =
                switch kind {
                case .contact: random.contact().fields
                case .task: random.task().fields
                case .appointment: random.appointment().fields
                }
            let record = RecordID("\(prefix)-\(number)")
            fieldsByTag[SyncTag(record: record)] = fields
            let intent = PendingIntent(mailbox: mailbox, kind: kind, recordID: record, fields: fields, createdAt: Date())
            operations.append(.create(intent: intent, sendMeetingInvitations: false))
        }
        return (fieldsByTag, operations)
    }

    /// A simulator whose Graph side does not throttle: shrinking a failure sends thousands of requests to one mailbox.
    static var seed: SimulatorSeed {
        var seed = SimulatorFixture.graphSeed
        seed.tenants[0].faults.graphRequestsPerTenMinutes = 1_000_000
        return seed
    }

    /// Random appointments fall anywhere in 2025–2028: Graph reads them all.
    static let wholeCalendar = GraphCalendarWindow(daysBack: 3_650, daysAhead: 3_650)

    static let pairs: [(ConnectorAPI, EntityKind)] = ConnectorAPI.allCases.flatMap { api in EntityKind.allCases.map { (api, $0) } }

    @Test(arguments: pairs)
    func fieldSetsRoundTripThroughExchange(api: ConnectorAPI, kind: EntityKind) async throws {
        try await SimulatorFixture.with(seed: Self.seed) { fixture in
            let connector = try fixture.connector(api, calendarWindow: Self.wholeCalendar)
            let mailbox = SimulatorFixture.bob
            var cursor = try await connector.readAll(kind, in: mailbox).cursor
            await propertyCheck(count: 6, input: Gen.int(in: 0...1_000_000)) { seed in
                var random = RandomEntities(seed: seed)
                let (expected, operations) = Self.randomCreates(kind, prefix: "p\(seed)", in: mailbox, using: &random)
                let results = try await connector.apply(operations, kind: kind, in: mailbox)
                for (operation, result) in zip(operations, results) {
                    guard case .written = result, case .create(let intent, _) = operation else {
                        Issue.record("seed \(seed): \(result)")
                        continue
                    }
                    _ = intent
                }
                let read = try await connector.readAll(kind, in: mailbox, since: cursor)
                cursor = read.cursor
                #expect(read.items.count == Self.itemsPerBatch, "seed \(seed)")
                for item in read.items {
                    guard let tag = item.tag, let written = expected[tag] else {
                        Issue.record("seed \(seed): untagged or unexpected item \(item.id)")
                        continue
                    }
                    let fields = ConnectorContractTests.reachable(written, by: connector, kind: kind)
                    let read = connector.aligned(item.fields, kind: kind, base: written)
                    let differences = read.changedFields(comparedTo: fields).sorted().map { field in
                        "\(field): read \(read[field].map { "\($0)" } ?? "nothing"), wrote \(fields[field].map { "\($0)" } ?? "nothing")"
                    }
                    #expect(read == fields, "seed \(seed), \(tag): \(differences.joined(separator: "; "))")
                }
            }
        }
    }

    /// Updates send exactly the patch: random edits of random items read back as the edited fields.
    @Test(arguments: pairs)
    func patchesLeaveTheItemAsTheEditedFieldSet(api: ConnectorAPI, kind: EntityKind) async throws {
        try await SimulatorFixture.with(seed: Self.seed) { fixture in
            let connector = try fixture.connector(api, calendarWindow: Self.wholeCalendar)
            let mailbox = SimulatorFixture.bob
            await propertyCheck(count: 4, input: Gen.int(in: 0...1_000_000)) { seed in
                var random = RandomEntities(seed: seed)
                let (originals, creates) = Self.randomCreates(kind, prefix: "e\(seed)", in: mailbox, using: &random)
                let start = try await connector.readAll(kind, in: mailbox)
                let created = try await connector.apply(creates, kind: kind, in: mailbox)
                // As a cycle does, the edit starts from the version read back (a series whose
                // occurrences were written moved past the version its create reported).
                let readBack = try await connector.readAll(kind, in: mailbox, since: start.cursor).items
                var edited: [SyncTag: FieldSet] = [:]
                var updates: [OutlookOperation] = []
                for (operation, result) in zip(creates, created) {
                    guard case .create(let intent, _) = operation, case .written = result,
                        let readItem = readBack.first(where: { $0.tag == intent.tag })
                    else {
                        Issue.record("seed \(seed): create gave \(result)")
                        continue
                    }
                    let target = random.edited(intent.fields, kind: kind)
                    edited[intent.tag] = target
                    let patch = FieldPatch(from: intent.fields, to: target)
                    // As the cycle sends it: the item as the engine sees it (read, aligned with
                    // its base), and each group of fields Graph writes together written whole.
                    let reference = readItem.reference
                    let view = connector.aligned(readItem.fields, kind: kind, base: intent.fields)
                    updates.append(
                        CyclePass.completed(
                            .update(item: reference, patch: patch, tag: nil, sendMeetingInvitations: false),
                            groups: connector.fieldsWrittenTogether(of: kind), views: [reference.id: view]))
                }
                let results = try await connector.apply(updates, kind: kind, in: mailbox)
                for result in results {
                    guard case .written = result else {
                        Issue.record("seed \(seed): update gave \(result)")
                        continue
                    }
                }
                let read = try await connector.readAll(kind, in: mailbox, since: start.cursor)
                #expect(read.items.count == Self.itemsPerBatch, "seed \(seed)")
                for item in read.items {
                    guard let tag = item.tag, let wanted = edited[tag] else { continue }
                    let fields = ConnectorContractTests.reachable(wanted, by: connector, kind: kind)
                    let read = connector.aligned(item.fields, kind: kind, base: wanted)
                    let differences = read.changedFields(comparedTo: fields).sorted().map { field in
                        "\(field): read \(read[field].map { "\($0)" } ?? "nothing"), wanted \(fields[field].map { "\($0)" } ?? "nothing"), was \(originals[tag]?[field].map { "\($0)" } ?? "nothing")"
                    }
                    #expect(read == fields, "seed \(seed), \(tag): \(differences.joined(separator: "; "))")
                }
            }
        }
    }
}
