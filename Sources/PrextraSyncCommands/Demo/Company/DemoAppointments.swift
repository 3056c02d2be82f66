import Foundation
import SyncEngine
import SyncStore

/// The CRM's appointments: customer visits in each employee's zone, meetings shared across
/// offices, recurring series (one with a moved and a cancelled occurrence), all-day events and
/// a flight that starts and ends in different zones.
enum DemoAppointments {
    /// The records the scripted day acts on, besides the generated ones.
    struct Highlights: Sendable, Hashable {
        /// A meeting shared by a Zürich and a New York employee; the ERP moves it.
        var sharedMeeting: RecordKey
        /// The weekly series with a modified and a deleted occurrence.
        var recurringSeries: RecordKey
        /// A meeting whose location both sides change: the conflict.
        var conflictMeeting: RecordKey
    }

    static func make(
        week: LocalDate, employees: [DemoEmployee], contacts: [DemoRecord], visitsPerEmployee: Int, random: inout DemoRandom
    ) -> (records: [DemoRecord], highlights: Highlights) {
        var records: [DemoRecord] = []
        var next = 20_001
        func add(_ fields: AppointmentFields, owners: [DemoEmployee], title: String) -> RecordKey {
            let key = RecordKey(.appointment, RecordID("A-\(next)"))
            next += 1
            records.append(DemoRecord(key: key, fields: fields.fields, owners: Set(owners.map(\.address)), title: title))
            return key
        }
        let zurich = employees[0], paris = employees[1], newYork = employees[2], tokyo = employees[3]

        // A Tuesday meeting at 15:00 in Zürich, 09:00 in New York.
        let customer = DemoCustomers.all[2]
        let shared = add(
            AppointmentFields(
                subject: "Quarterly review with \(customer.name)", body: "Agenda: order forecast, service contract renewal.",
                location: "Video call", timing: timed(week.adding(days: 1), 15, 0, minutes: 60, zone: zurich.office.timeZone),
                attendees: [Attendee(email: zurich.address.rawValue, name: zurich.displayName), Attendee(email: newYork.address.rawValue, name: newYork.displayName)],
                reminderMinutesBeforeStart: 15),
            owners: [zurich, newYork], title: "Quarterly review with \(customer.name)")

        // The Zürich sales stand-up, every Monday 09:00 for eight weeks; the second one moves to
        // Tuesday 09:30, the fourth (28 December) is cancelled.
        let monday = week
        let secondOccurrence = DemoWallClock.instant(monday.adding(days: 7), hour: 9, in: zurich.office.timeZone)
        let fourthOccurrence = DemoWallClock.instant(monday.adding(days: 21), hour: 9, in: zurich.office.timeZone)
        let movedStart = DemoWallClock.instant(monday.adding(days: 8), hour: 9, minute: 30, in: zurich.office.timeZone)
        let zurichTeam = employees.filter { $0.office == zurich.office }
        let series = add(
            AppointmentFields(
                subject: "Sales stand-up Zürich", location: "Room Matterhorn",
                timing: timed(monday, 9, 0, minutes: 30, zone: zurich.office.timeZone), reminderMinutesBeforeStart: 5,
                recurrence: Recurrence(
                    pattern: .weekly(interval: 1, daysOfWeek: [.monday], firstDayOfWeek: .monday),
                    range: .numbered(start: monday, count: 8)),
                modifiedOccurrences: [
                    OccurrenceChange(originalStart: secondOccurrence, start: movedStart, end: movedStart.addingTimeInterval(30 * 60))
                ],
                deletedOccurrences: [fourthOccurrence]),
            owners: zurichTeam, title: "Sales stand-up Zürich (weekly)")

        // The meeting whose location the ERP and Outlook both change.
        let fabre = DemoCustomers.all[1]
        let conflict = add(
            AppointmentFields(
                subject: "Product demo at \(fabre.name)", location: "\(fabre.street), \(fabre.city)",
                timing: timed(week.adding(days: 3), 14, 0, minutes: 90, zone: paris.office.timeZone),
                reminderMinutesBeforeStart: 30),
            owners: [paris], title: "Product demo at \(fabre.name)")

        // A flight: leaves Zürich at 13:00 local, lands in New York at 16:00 local.
        let flightDay = week.adding(days: 3)
        _ = add(
            AppointmentFields(
                subject: "Flight LX 14 Zürich → New York", location: "ZRH Terminal E",
                timing: .timed(
                    start: DemoWallClock.instant(flightDay, hour: 13, in: "Europe/Zurich"), startTimeZone: "Europe/Zurich",
                    end: DemoWallClock.instant(flightDay, hour: 16, in: "America/New_York"), endTimeZone: "America/New_York"),
                showAs: .outOfOffice),
            owners: [zurich], title: "Flight LX 14 Zürich → New York")

        // Early in Tokyo, late the evening before in Paris.
        _ = add(
            AppointmentFields(
                subject: "APAC pipeline call", location: "Video call",
                timing: timed(week.adding(days: 2), 8, 0, minutes: 45, zone: tokyo.office.timeZone), reminderMinutesBeforeStart: 10),
            owners: [tokyo, paris], title: "APAC pipeline call")

        // All-day: a two-day trade fair, and each office's closing day.
        _ = add(
            AppointmentFields(
                subject: "Swissbau trade fair", location: "Messe Basel",
                timing: .allDay(startDay: week.adding(days: 8), endDay: week.adding(days: 10), timeZone: "Europe/Zurich"),
                showAs: .outOfOffice),
            owners: Array(zurichTeam.prefix(2)) + [paris], title: "Swissbau trade fair (all day)")
        var offices: [DemoOffice] = []
        for employee in employees where !offices.contains(employee.office) { offices.append(employee.office) }
        for office in offices {
            let team = employees.filter { $0.office == office }
            _ = add(
                AppointmentFields(
                    subject: "Office closed: \(office.city)", timing: .allDay(
                        startDay: LocalDate(year: week.year, month: 12, day: 25) ?? week.adding(days: 18),
                        endDay: LocalDate(year: week.year, month: 12, day: 26) ?? week.adding(days: 19), timeZone: office.timeZone),
                    showAs: .free),
                owners: team, title: "Office closed: \(office.city) (all day)")
            if office != zurich.office {
                // Every other Wednesday at 11:00 local time, for five months: across the DST changes of March
                // and April, which the series must keep at 11:00 in the office's zone.
                _ = add(
                    AppointmentFields(
                        subject: "\(office.city) team sync", location: "\(office.street), \(office.city)",
                        timing: timed(week.adding(days: 2), 11, 0, minutes: 60, zone: office.timeZone),
                        recurrence: Recurrence(
                            pattern: .weekly(interval: 2, daysOfWeek: [.wednesday], firstDayOfWeek: .monday),
                            range: .endDate(start: week.adding(days: 2), end: week.adding(days: 150)))),
                    owners: team, title: "\(office.city) team sync (every other week)")
            }
        }

        // Customer visits over two weeks, in each employee's own zone.
        for employee in employees {
            for _ in 0..<visitsPerEmployee {
                let contact = random.pick(contacts)
                guard let fields = try? ContactFields(fields: contact.fields) else { continue }
                let company = fields.companyName ?? "a customer"
                var day = week.adding(days: random.int(0...11))
                while day.weekday == .saturday || day.weekday == .sunday { day = day.adding(days: 1) }
                let attendees = random.chance(30) ? fields.emailAddresses.prefix(1).map { Attendee(email: $0, name: fields.displayName) } : []
                _ = add(
                    AppointmentFields(
                        subject: random.pick(["Visit", "Meeting", "Workshop", "Contract review"]) + " · \(company)",
                        location: fields.addresses[.business]?.city.map { "\(company), \($0)" },
                        timing: timed(day, random.int(9...16), random.pick([0, 30]), minutes: random.pick([30, 60, 90]), zone: employee.office.timeZone),
                        attendees: attendees, reminderMinutesBeforeStart: random.pick([nil, 15, 30])),
                    owners: [employee], title: "Visit at \(company)")
            }
        }
        return (records, Highlights(sharedMeeting: shared, recurringSeries: series, conflictMeeting: conflict))
    }

    static func timed(_ day: LocalDate, _ hour: Int, _ minute: Int, minutes: Int, zone: String) -> AppointmentTiming {
        let start = DemoWallClock.instant(day, hour: hour, minute: minute, in: zone)
        return .timed(start: start, startTimeZone: zone, end: start.addingTimeInterval(TimeInterval(minutes * 60)), endTimeZone: zone)
    }
}
