import Foundation
import SimulatorTestSupport
import SyncEngine
@testable import SyncService
import Testing

/// Writes to single occurrences of a series (issue 11, defect 5): an occurrence the server refuses,
/// or changes that cannot be read, never pass for a written series.
@Suite("Occurrence writes of a series")
struct OccurrenceWriteTests {
    static let bob = SimulatorFixture.bob
    static let week: TimeInterval = 7 * 86_400
    /// Monday 6 April 2026, 09:00 in Zurich.
    static let first = Date(timeIntervalSince1970: 1_775_458_800)

    static func series(_ changes: [OccurrenceChange] = []) -> FieldSet {
        AppointmentFields(
            subject: "Comité de pilotage", location: "Salle A",
            timing: .timed(start: first, startTimeZone: "Europe/Zurich", end: first.addingTimeInterval(3600), endTimeZone: "Europe/Zurich"),
            recurrence: Recurrence(
                pattern: .weekly(interval: 1, daysOfWeek: [.monday], firstDayOfWeek: .monday),
                range: .endDate(start: LocalDate("2026-04-06")!, end: LocalDate("2026-05-25")!)),
            modifiedOccurrences: changes
        ).fields
    }

    static let moved = OccurrenceChange(
        originalStart: first.addingTimeInterval(week), start: first.addingTimeInterval(week + 86_400),
        end: first.addingTimeInterval(week + 86_400 + 3600), subject: "Comité (déplacé)")
    /// Ends before it starts: Exchange answers ErrorCalendarEndDateIsEarlierThanStartDate.
    static let backwards = OccurrenceChange(
        originalStart: first.addingTimeInterval(2 * week), start: first.addingTimeInterval(2 * week + 3600),
        end: first.addingTimeInterval(2 * week))

    static func item(_ connector: EWSMailboxConnector, _ id: ItemID) async throws -> OutlookItem? {
        try await connector.readAll(.appointment, in: bob).items.first { $0.id == id }
    }

    @Test("An occurrence the server refuses fails the series' update, with the server's code")
    func refusedOccurrenceFailsTheUpdate() async throws {
        try await SimulatorFixture.with { fixture in
            let connector = try fixture.connector()
            let reference = try await connector.create(Self.series(), kind: .appointment, record: "a1", in: Self.bob)
            let patch = FieldPatch(values: [FieldName.modifiedOccurrences: Self.series([Self.backwards])[FieldName.modifiedOccurrences]!])
            let results = try await connector.apply(
                [.update(item: reference, patch: patch, tag: nil, sendMeetingInvitations: false)], kind: .appointment, in: Self.bob)
            guard case .failed(let code, let message)? = results.first else {
                Issue.record("a refused occurrence passed for a written series: \(results)")
                return
            }
            #expect(code == "ErrorCalendarEndDateIsEarlierThanStartDate")
            #expect(message.contains("occurrence"))
        }
    }

    @Test("A series created with an occurrence the server refuses is taken back: no half-written series stays")
    func refusedOccurrenceUndoesTheCreate() async throws {
        try await SimulatorFixture.with { fixture in
            let connector = try fixture.connector()
            let intent = PendingIntent(
                mailbox: Self.bob, kind: .appointment, recordID: "a2", fields: Self.series([Self.moved, Self.backwards]), createdAt: Date())
            let results = try await connector.apply(
                [.create(intent: intent, sendMeetingInvitations: false)], kind: .appointment, in: Self.bob)
            guard case .failed(let code, _)? = results.first else {
                Issue.record("a series whose occurrences were refused passed for created: \(results)")
                return
            }
            #expect(code == "ErrorCalendarEndDateIsEarlierThanStartDate")
            let left = try await connector.readAll(.appointment, in: Self.bob).items.filter { $0.tag == SyncTag(record: "a2") }
            #expect(left.isEmpty, "the series stayed in the calendar without its occurrences")
        }
    }

    @Test("Occurrence changes that cannot be read fail the update instead of resetting every exception")
    func unreadableChangesDoNotResetExceptions() async throws {
        try await SimulatorFixture.with { fixture in
            let connector = try fixture.connector()
            let reference = try await connector.create(Self.series([Self.moved]), kind: .appointment, record: "a3", in: Self.bob)
            let patch = FieldPatch(values: [FieldName.modifiedOccurrences: .text("not a list of occurrence changes")])
            let results = try await connector.apply(
                [.update(item: reference, patch: patch, tag: nil, sendMeetingInvitations: false)], kind: .appointment, in: Self.bob)
            guard case .failed? = results.first else {
                Issue.record("unreadable occurrence changes passed for written: \(results)")
                return
            }
            let item = try #require(try await Self.item(connector, reference.id))
            #expect(item.fields[FieldName.modifiedOccurrences] == Self.series([Self.moved])[FieldName.modifiedOccurrences])
        }
    }

    @Test("A series the user edited since the cycle read it is not overwritten: the occurrence write reports a conflict")
    func staleSeriesIsNotOverwritten() async throws {
        try await SimulatorFixture.with { fixture in
            let connector = try fixture.connector()
            let reference = try await connector.create(Self.series([Self.moved]), kind: .appointment, record: "a4", in: Self.bob)
            // The user renames the series in Outlook after the cycle read it.
            try fixture.exchange.updateItem(in: Self.bob.rawValue, id: reference.id.rawValue, set: ["Subject": "Comité (renommé)"])
            var renamed = Self.moved
            renamed.subject = "Comité (déplacé, salle B)"
            let patch = FieldPatch(values: [FieldName.modifiedOccurrences: Self.series([renamed])[FieldName.modifiedOccurrences]!])
            let results = try await connector.apply(
                [.update(item: reference, patch: patch, tag: nil, sendMeetingInvitations: false)], kind: .appointment, in: Self.bob)
            #expect(results == [.conflict], "a series changed since it was read was written over: \(results)")
            let item = try #require(try await Self.item(connector, reference.id))
            #expect(item.fields[FieldName.subject] == .text("Comité (renommé)"))
            #expect(item.fields[FieldName.modifiedOccurrences] == Self.series([Self.moved])[FieldName.modifiedOccurrences])
        }
    }

    @Test("A written series is reported at the version its own write produced, never at one read back after the occurrence writes")
    func resultIsTheVersionWeWrote() async throws {
        try await SimulatorFixture.with { fixture in
            let connector = try fixture.connector()
            let reference = try await connector.create(Self.series(), kind: .appointment, record: "a5", in: Self.bob)
            let patch = FieldPatch(values: [
                FieldName.location: .text("Salle B"),
                FieldName.modifiedOccurrences: Self.series([Self.moved])[FieldName.modifiedOccurrences]!,
            ])
            let results = try await connector.apply(
                [.update(item: reference, patch: patch, tag: nil, sendMeetingInvitations: false)], kind: .appointment, in: Self.bob)
            guard case .written(let written)? = results.first else {
                Issue.record("the series was not written: \(results)")
                return
            }
            // The occurrence writes moved the series past our master write: a key read back now could
            // equally be a user's edit made in between, so it is not the one reported.
            let current = try #require(try await Self.item(connector, reference.id))
            #expect(written.changeKey != current.reference.changeKey)
            #expect(current.fields[FieldName.location] == .text("Salle B"))
            #expect(current.fields[FieldName.modifiedOccurrences] == Self.series([Self.moved])[FieldName.modifiedOccurrences])
        }
    }
}
