import SimulatorTestSupport
import Foundation
import PropertyBased
import SyncEngine
import SyncService
import Testing

/// The mapping is lossless for every field the engine models: random contacts, tasks and
/// appointments created through the connector read back from the simulator as the same `FieldSet`.
@Suite("EWS mapping is lossless")
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

    @Test(arguments: EntityKind.allCases)
    func fieldSetsRoundTripThroughExchange(kind: EntityKind) async throws {
        try await SimulatorFixture.with { fixture in
            let connector = try fixture.connector()
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
                    guard let tag = item.tag, let fields = expected[tag] else {
                        Issue.record("seed \(seed): untagged or unexpected item \(item.id)")
                        continue
                    }
                    let differences = item.fields.changedFields(comparedTo: fields).sorted().map { field in
                        "\(field): read \(item.fields[field].map { "\($0)" } ?? "nothing"), wrote \(fields[field].map { "\($0)" } ?? "nothing")"
                    }
                    #expect(item.fields == fields, "seed \(seed), \(tag): \(differences.joined(separator: "; "))")
                }
            }
        }
    }

    /// Updates send exactly the patch: random edits of random items read back as the edited fields.
    @Test(arguments: EntityKind.allCases)
    func patchesLeaveTheItemAsTheEditedFieldSet(kind: EntityKind) async throws {
        try await SimulatorFixture.with { fixture in
            let connector = try fixture.connector()
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
                        let reference = readBack.first(where: { $0.tag == intent.tag })?.reference
                    else {
                        Issue.record("seed \(seed): create gave \(result)")
                        continue
                    }
                    let target = random.edited(intent.fields, kind: kind)
                    edited[intent.tag] = target
                    let patch = FieldPatch(from: intent.fields, to: target)
                    updates.append(.update(item: reference, patch: patch, tag: nil, sendMeetingInvitations: false))
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
                    guard let tag = item.tag, let fields = edited[tag] else { continue }
                    let differences = item.fields.changedFields(comparedTo: fields).sorted().map { field in
                        "\(field): read \(item.fields[field].map { "\($0)" } ?? "nothing"), wanted \(fields[field].map { "\($0)" } ?? "nothing"), was \(originals[tag]?[field].map { "\($0)" } ?? "nothing")"
                    }
                    #expect(item.fields == fields, "seed \(seed), \(tag): \(differences.joined(separator: "; "))")
                }
            }
        }
    }
}
