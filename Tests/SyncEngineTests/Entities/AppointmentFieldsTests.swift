import Foundation
import PropertyBased
import SyncEngine
import Testing

@Suite struct AppointmentFieldsTests {
    static func instant(_ text: String) -> Date { try! Date(text, strategy: .iso8601) }

    @Test func startAndEndZonesAreKeptAsGivenAndMayDiffer() throws {
        let flight = AppointmentFields(
            subject: "YUL → CDG",
            timing: .timed(
                start: Self.instant("2026-06-01T23:30:00Z"), startTimeZone: "America/Toronto",
                end: Self.instant("2026-06-02T06:45:00Z"), endTimeZone: "Europe/Paris"))
        let fields = flight.fields
        #expect(fields["startTimeZone"] == "America/Toronto")
        #expect(fields["endTimeZone"] == "Europe/Paris")
        #expect(fields["isAllDay"] == false)
        #expect(try AppointmentFields(fields: fields) == flight)
    }

    @Test func anUnknownZoneIsRejected() {
        var fields = AppointmentFields(
            timing: .timed(start: Self.instant("2026-06-01T10:00:00Z"), startTimeZone: "Europe/Paris", end: Self.instant("2026-06-01T11:00:00Z"), endTimeZone: "Europe/Paris")
        ).fields
        fields["startTimeZone"] = "Romance Standard Time"
        #expect(throws: FieldSetDecodingError.self) { try AppointmentFields(fields: fields) }
    }

    @Test func allDayItemsAreDatesNotInstants() throws {
        let holiday = AppointmentFields(
            subject: "Fête du Canada", timing: .allDay(startDay: LocalDate("2026-07-01")!, endDay: LocalDate("2026-07-02")!, timeZone: "America/Toronto"),
            showAs: .free)
        let fields = holiday.fields
        #expect(fields["isAllDay"] == true)
        #expect(fields["start"] == .day("2026-07-01"))
        #expect(fields["end"] == .day("2026-07-02"))
        #expect(try AppointmentFields(fields: fields) == holiday)
        // An all-day item always spans at least one day.
        let empty = AppointmentFields(timing: .allDay(startDay: LocalDate("2026-07-01")!, endDay: LocalDate("2026-07-01")!, timeZone: "UTC"))
        #expect(empty.fields["end"] == .day("2026-07-02"))
    }

    @Test func attendeesCompareByAddressCaseInsensitively() {
        let timing = AppointmentTiming.timed(
            start: Self.instant("2026-06-01T10:00:00Z"), startTimeZone: "UTC", end: Self.instant("2026-06-01T11:00:00Z"), endTimeZone: "UTC")
        let crm = AppointmentFields(timing: timing, attendees: [Attendee(email: "B@x.example"), Attendee(email: "a@x.example", role: .optional)])
        let outlook = AppointmentFields(timing: timing, attendees: [Attendee(email: "A@X.example", role: .optional), Attendee(email: "b@x.example")])
        #expect(crm.fields == outlook.fields)
    }

    @Test func weeklySeriesKeepsItsLocalTimeAcrossTheEuropeanDSTChange() throws {
        // 09:00 in Paris every Monday; clocks go forward on 2026-03-29.
        let series = AppointmentFields(
            subject: "Weekly",
            timing: .timed(start: Self.instant("2026-03-16T08:00:00Z"), startTimeZone: "Europe/Paris", end: Self.instant("2026-03-16T08:30:00Z"), endTimeZone: "Europe/Paris"),
            recurrence: Recurrence(
                pattern: .weekly(interval: 1, daysOfWeek: [.monday], firstDayOfWeek: .monday),
                range: .numbered(start: LocalDate("2026-03-16")!, count: 4)))
        let starts = try #require(series.occurrenceStarts())
        #expect(starts == ["2026-03-16T08:00:00Z", "2026-03-23T08:00:00Z", "2026-03-30T07:00:00Z", "2026-04-06T07:00:00Z"].map(Self.instant))
    }

    @Test func dailySeriesKeepsItsLocalTimeAcrossTheAmericanDSTChange() throws {
        let recurrence = Recurrence(pattern: .daily(interval: 1), range: .numbered(start: LocalDate("2026-10-30")!, count: 4))
        let starts = recurrence.occurrenceStarts(firstStart: Self.instant("2026-10-30T13:00:00Z"), timeZone: TimeZone(identifier: "America/New_York")!)
        #expect(starts == ["2026-10-30T13:00:00Z", "2026-10-31T13:00:00Z", "2026-11-01T14:00:00Z", "2026-11-02T14:00:00Z"].map(Self.instant))
    }

    @Test(arguments: [
        (RecurrencePattern.relativeMonthly(interval: 1, daysOfWeek: [.friday], index: .last), ["2026-01-30", "2026-02-27", "2026-03-27"]),
        (.absoluteMonthly(interval: 1, dayOfMonth: 31), ["2026-01-31", "2026-02-28", "2026-03-31"]),
        (.relativeYearly(month: 11, daysOfWeek: [.thursday], index: .fourth), ["2026-11-26", "2027-11-25", "2028-11-23"]),
        (.absoluteYearly(month: 2, dayOfMonth: 29), ["2026-02-28", "2027-02-28", "2028-02-29"]),
        (.daily(interval: 2), ["2026-01-01", "2026-01-03", "2026-01-05"]),
        (.weekly(interval: 2, daysOfWeek: [.tuesday, .thursday], firstDayOfWeek: .monday), ["2026-01-01", "2026-01-13", "2026-01-15"]),
        (.relativeMonthly(interval: 2, daysOfWeek: [.monday], index: .first), ["2026-01-05", "2026-03-02", "2026-05-04"]),
    ])
    func patternsExpandToTheExpectedDays(pattern: RecurrencePattern, expected: [String]) {
        let recurrence = Recurrence(pattern: pattern, range: .numbered(start: LocalDate("2026-01-01")!, count: 3))
        #expect(recurrence.occurrenceDays().map(\.description) == expected)
    }

    @Test func rangesEndWhereTheySay() {
        let byDate = Recurrence(pattern: .daily(interval: 1), range: .endDate(start: LocalDate("2026-01-01")!, end: LocalDate("2026-01-05")!))
        #expect(byDate.occurrenceDays().count == 5)
        let open = Recurrence(pattern: .daily(interval: 1), range: .noEnd(start: LocalDate("2026-01-01")!))
        #expect(open.occurrenceDays(limit: 42).count == 42)
    }

    @Test func aSeriesWithModifiedAndDeletedOccurrencesRoundTrips() throws {
        let series = Self.seriesWithExceptions()
        let fields = series.fields
        #expect(try AppointmentFields(fields: fields) == series)
        let json = try JSONEncoder().encode(fields)
        #expect(try AppointmentFields(fields: JSONDecoder().decode(FieldSet.self, from: json)) == series)
        // The exceptions refer to real occurrences of the series.
        let starts = try #require(series.occurrenceStarts())
        #expect(series.modifiedOccurrences.allSatisfy { starts.contains($0.originalStart) })
        #expect(series.deletedOccurrences.allSatisfy { starts.contains($0) })
    }

    @Test func exceptionsAreOrderedAndDroppedWithoutASeries() {
        let series = Self.seriesWithExceptions()
        var reordered = series
        reordered.modifiedOccurrences.reverse()
        reordered.deletedOccurrences.append(contentsOf: series.deletedOccurrences)
        #expect(reordered.fields == series.fields)
        var single = series
        single.recurrence = nil
        #expect(single.fields["modifiedOccurrences"] == nil)
        #expect(single.fields["deletedOccurrences"] == nil)
    }

    @Test func anOccurrenceDeletedInOutlookAndARetitleInTheCRMMergeFieldByField() throws {
        let base = Self.seriesWithExceptions()
        var outlook = base
        outlook.deletedOccurrences.append(Self.instant("2026-04-06T07:00:00Z"))
        var crm = base
        crm.subject = "Weekly review"
        let plan = Fixture.plan(
            kind: .appointment, links: [Fixture.link("m1", item: "i1", base: base.fields, kind: .appointment)],
            crm: CRMChanges(changed: [Fixture.record("m1", crm.fields)]),
            outlook: MailboxChanges(changed: [Fixture.item("i1", outlook.fields)]))
        let step = try #require(plan.onlyStep)
        #expect(step.decision.action == .update(itemFields: ["subject"], recordFields: ["deletedOccurrences"]))
        #expect(plan.conflicts.isEmpty)
        let merged = try AppointmentFields(fields: try #require(step.committedLink(outlookResult: nil)).base)
        #expect(merged.subject == "Weekly review")
        #expect(merged.deletedOccurrences.count == 2)
    }

    static func seriesWithExceptions() -> AppointmentFields {
        AppointmentFields(
            subject: "Weekly", body: "Agenda", location: "Room 1",
            timing: .timed(start: instant("2026-03-16T08:00:00Z"), startTimeZone: "Europe/Paris", end: instant("2026-03-16T08:30:00Z"), endTimeZone: "Europe/Paris"),
            categories: ["Prextra"], attendees: [Attendee(email: "client@example.com", name: "Client")], showAs: .busy,
            reminderMinutesBeforeStart: 15,
            recurrence: Recurrence(
                pattern: .weekly(interval: 1, daysOfWeek: [.monday], firstDayOfWeek: .monday),
                range: .endDate(start: LocalDate("2026-03-16")!, end: LocalDate("2026-05-25")!)),
            modifiedOccurrences: [
                OccurrenceChange(
                    originalStart: instant("2026-03-23T08:00:00Z"), start: instant("2026-03-23T09:00:00Z"),
                    end: instant("2026-03-23T09:30:00Z"), location: "Room 7")
            ],
            deletedOccurrences: [instant("2026-03-30T07:00:00Z")])
    }

    /// Any appointment the model can express survives FieldSet and JSON unchanged.
    @Test func randomAppointmentsRoundTrip() async {
        let zones = ["Europe/Paris", "America/Toronto", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "UTC", "Pacific/Chatham"]
        await propertyCheck(count: 300, input: Gen.int(in: 0...Int(Int32.max)).array(of: 10)) { numbers in
            let n = numbers
            let start = Date(timeIntervalSince1970: 1_750_000_000 + Double(n[0] % 40_000_000) + 0.5)
            let zone = zones[n[1] % zones.count]
            let day = LocalDate(dayNumber: 20_000 + n[2] % 3000)
            let timing: AppointmentTiming =
                n[3] % 3 == 0
                ? .allDay(startDay: day, endDay: day.adding(days: 1 + n[3] % 4), timeZone: zone)
                : .timed(start: start, startTimeZone: zone, end: start + Double(n[3] % 20_000), endTimeZone: zones[n[4] % zones.count])
            let days = Set(Weekday.allCases.filter { n[5] & (1 << $0.index) != 0 }).union([.wednesday])
            let index = RecurrencePattern.WeekIndex.allCases[n[6] % 5]
            let patterns: [RecurrencePattern] = [
                .daily(interval: 1 + n[6] % 5), .weekly(interval: 1 + n[6] % 3, daysOfWeek: days, firstDayOfWeek: .allCases[n[7] % 7]),
                .absoluteMonthly(interval: 1 + n[6] % 12, dayOfMonth: 1 + n[7] % 31), .relativeMonthly(interval: 1, daysOfWeek: days, index: index),
                .absoluteYearly(month: 1 + n[7] % 12, dayOfMonth: 1 + n[6] % 28), .relativeYearly(month: 1 + n[7] % 12, daysOfWeek: days, index: index),
            ]
            let ranges: [RecurrenceRange] = [.noEnd(start: day), .numbered(start: day, count: 1 + n[8] % 50), .endDate(start: day, end: day.adding(days: n[8] % 900))]
            let recurrence = n[9] % 4 == 0 ? nil : Recurrence(pattern: patterns[n[9] % patterns.count], range: ranges[n[8] % 3])
            let appointment = AppointmentFields(
                subject: "Meeting \(n[0] % 100)", location: n[1] % 2 == 0 ? nil : "Room \(n[2] % 9)", timing: timing,
                categories: n[4] % 2 == 0 ? [] : ["Prextra", "B"], attendees: [Attendee(email: "P\(n[5] % 7)@Example.com")],
                showAs: AppointmentFields.ShowAs.allCases[n[6] % 6], reminderMinutesBeforeStart: n[7] % 3 == 0 ? nil : n[7] % 120,
                recurrence: recurrence,
                modifiedOccurrences: [OccurrenceChange(originalStart: start + 86_400 * 7, subject: "moved", location: "elsewhere")],
                deletedOccurrences: [start + 86_400 * 14, start + 86_400 * 14.25])
            let fields = appointment.fields
            #expect(try AppointmentFields(fields: fields) == appointment)
            #expect(try AppointmentFields(fields: fields).fields == fields)
            let json = try JSONEncoder().encode(fields)
            #expect(try JSONDecoder().decode(FieldSet.self, from: json) == fields)
            #expect(fields.normalized() == fields)
        }
    }
}
