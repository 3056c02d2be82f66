import Foundation
import SimulatorTestSupport
import SyncEngine
@testable import SyncService
import SyncStore
import Testing

/// Invariant 8: zones, DST, all-day items and recurring series round-trip through a full cycle,
/// and come back equal (a mapping that lost anything would show as an echo the next cycle), on
/// both connectors.
@Suite("Time is exact through a cycle")
struct TimeFidelityTests {
    let bob = CycleHarness.bob

    static let first = at("2026-04-06T14:00:00", "Europe/Zurich")
    static let week: TimeInterval = 7 * 86_400

    static let appointments: [(RecordID, AppointmentFields)] = [
        ("dst-ny", AppointmentFields(
            subject: "Night shift handover",
            timing: .timed(
                start: at("2026-03-08T01:30:00", "America/New_York"), startTimeZone: "America/New_York",
                end: at("2026-03-08T03:30:00", "America/New_York"), endTimeZone: "America/New_York"))),
        ("flight", AppointmentFields(
            subject: "Flight ZRH → JFK",
            timing: .timed(
                start: at("2026-10-30T10:00:00", "Europe/Zurich"), startTimeZone: "Europe/Zurich",
                end: at("2026-10-30T13:00:00", "America/New_York"), endTimeZone: "America/New_York"))),
        ("all-day", AppointmentFields(
            subject: "Congés", timing: .allDay(startDay: LocalDate("2026-03-08")!, endDay: LocalDate("2026-03-10")!, timeZone: "America/New_York"),
            showAs: .outOfOffice)),
        ("series", AppointmentFields(
            subject: "Comité de pilotage", location: "Salle A",
            timing: .timed(start: first, startTimeZone: "Europe/Zurich", end: first.addingTimeInterval(3600), endTimeZone: "Europe/Zurich"),
            recurrence: Recurrence(
                pattern: .weekly(interval: 1, daysOfWeek: [.monday], firstDayOfWeek: .monday),
                range: .endDate(start: LocalDate("2026-04-06")!, end: LocalDate("2026-05-25")!)),
            modifiedOccurrences: [
                OccurrenceChange(
                    originalStart: first.addingTimeInterval(2 * week), start: first.addingTimeInterval(2 * week + 86_400),
                    end: first.addingTimeInterval(2 * week + 86_400 + 5400), subject: "Comité (déplacé)", location: "Salle B")
            ],
            deletedOccurrences: [first.addingTimeInterval(4 * week)])),
    ]

    @Test("CRM appointments arrive exactly, and the next cycle sees nothing to do", arguments: ConnectorAPI.allCases)
    func crmToOutlook(_ api: ConnectorAPI) async throws {
        try await CycleHarness.with(api: api) { harness in
            for (id, fields) in Self.appointments { try await harness.upsert(.appointment, id, fields.fields) }
            let summary = try await harness.sync(bob)
            #expect(summary.counts.itemsCreated == Self.appointments.count)
            for (id, fields) in Self.appointments {
                let item = try await harness.item(.appointment, of: id, in: bob)
                #expect(item.fields == fields.fields, "\(id)")
            }
            let quiet = try await harness.requests { try await harness.sync(bob) }
            #expect(quiet.writes.isEmpty)
            for (id, fields) in Self.appointments {
                #expect(try await harness.record(.appointment, id)?.fields == fields.fields, "\(id)")
            }
        }
    }

    @Test("A series edited in the CRM (one more deleted occurrence, one more moved) is updated in place", arguments: ConnectorAPI.allCases)
    func seriesEditedInCRM(_ api: ConnectorAPI) async throws {
        try await CycleHarness.with(api: api) { harness in
            let (id, series) = Self.appointments[3]
            try await harness.upsert(.appointment, id, series.fields)
            try await harness.sync(bob)
            let before = try await harness.item(.appointment, of: id, in: bob)

            var edited = series
            edited.deletedOccurrences.append(Self.first.addingTimeInterval(Self.week))
            edited.modifiedOccurrences.append(
                OccurrenceChange(
                    originalStart: Self.first.addingTimeInterval(5 * Self.week),
                    start: Self.first.addingTimeInterval(5 * Self.week + 3600),
                    end: Self.first.addingTimeInterval(5 * Self.week + 7200)))
            try await harness.upsert(.appointment, id, edited.fields)
            let push = try await harness.requests { try await harness.sync(bob) }
            #expect(push.count(of: "CreateItem") == 0)
            #expect(push.writes.allSatisfy { !$0.operation.hasPrefix("Graph POST") })
            let after = try await harness.item(.appointment, of: id, in: bob)
            #expect(after.id == before.id)
            #expect(after.fields == edited.fields)
            #expect(try await harness.requests { try await harness.sync(bob) }.writes.isEmpty)
        }
    }

    @Test("An all-day event and a DST-crossing meeting edited in Outlook reach the CRM with their zones", arguments: ConnectorAPI.allCases)
    func outlookToCRM(_ api: ConnectorAPI) async throws {
        try await CycleHarness.with(api: api) { harness in
            let (id, allDay) = Self.appointments[2]
            try await harness.upsert(.appointment, id, allDay.fields)
            try await harness.sync(bob)
            let item = try await harness.item(.appointment, of: id, in: bob)
            try harness.exchange.updateItem(in: bob.rawValue, id: try await harness.simulatorID(of: item, in: bob), set: ["Subject": "Congés (prolongés)"])
            try await harness.sync(bob)
            var expected = allDay
            expected.subject = "Congés (prolongés)"
            #expect(try await harness.record(.appointment, id)?.fields == expected.fields)
            #expect(try await harness.requests { try await harness.sync(bob) }.writes.isEmpty)
        }
    }
}
