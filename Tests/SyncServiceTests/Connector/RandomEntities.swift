import Foundation
import SyncEngine

/// Random contacts, tasks and appointments for the mapping property test, derived from one seed so
/// that a failing case can be replayed. Values stay within what the engine models and Exchange
/// keeps (e.g. a contact with a name has a display name, since Exchange computes one otherwise).
struct RandomEntities {
    private var state: UInt64

    init(seed: Int) { state = UInt64(truncatingIfNeeded: seed) &+ 0x9E37_79B9_7F4A_7C15 }

    // SplitMix64.
    private mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }

    mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }

    mutating func pick<T>(_ items: [T]) -> T { items[int(0...items.count - 1)] }

    mutating func subset<T>(_ items: [T], max: Int? = nil) -> [T] {
        var chosen = items.filter { _ in chance(40) }
        if let max { chosen = Array(chosen.prefix(max)) }
        return chosen
    }

    static let words = [
        "Émilie", "Zürich", "O'Brien", "\"devis\"", "R&D", "<b>gras</b>", "naïve", "Straße", "東京", "💼", "Ñandú", "a > b",
        "projet", "Prextra", "réunion", "contrat", "x", "Ελλάδα",
    ]

    mutating func text(words count: ClosedRange<Int> = 1...4) -> String {
        (0..<int(count)).map { _ in pick(Self.words) }.joined(separator: " ")
    }

    mutating func optionalText(_ percent: Int = 60) -> String? { chance(percent) ? text() : nil }

    mutating func paragraphs() -> String? {
        chance(50) ? (0..<int(1...3)).map { _ in text(words: 2...8) }.joined(separator: "\n") : nil
    }

    mutating func categories() -> [String] { subset(["Prextra", "Clients", "Fournisseurs", "Été", "VIP"]) }

    mutating func day(years: ClosedRange<Int> = 2025...2028) -> LocalDate {
        LocalDate(year: int(years), month: int(1...12), day: int(1...28))!
    }

    mutating func instant() -> Date {
        Date(timeIntervalSince1970: Double(int(1_735_689_600...1_861_920_000)))
    }

    // MARK: Contacts

    mutating func contact() -> ContactFields {
        let given = optionalText(70)
        let surname = optionalText(70)
        let hasName = given != nil || surname != nil
        var emails: [String] = []
        for index in 0..<int(0...3) { emails.append("p\(int(0...9999))-\(index)@exemple\(int(1...3)).ch") }
        var phones: [PhoneKind: String] = [:]
        for kind in subset(PhoneKind.allCases) { phones[kind] = "+41 \(int(20...79)) \(int(100...999)) \(int(10...99)) \(int(10...99))" }
        var addresses: [PhysicalAddress.Kind: PhysicalAddress] = [:]
        for kind in subset(PhysicalAddress.Kind.allCases) {
            addresses[kind] = PhysicalAddress(
                street: optionalText(), city: chance(80) ? pick(["Genève", "Zürich", "Lévis", "New York"]) : nil,
                state: optionalText(30), postalCode: chance(70) ? String(int(1000...99999)) : nil,
                countryOrRegion: chance(50) ? pick(["Suisse", "Canada", "USA"]) : nil)
        }
        return ContactFields(
            givenName: given, middleName: optionalText(20), surname: surname,
            displayName: hasName || chance(50) ? text() : nil, companyName: optionalText(), jobTitle: optionalText(40),
            department: optionalText(30), emailAddresses: emails, phones: phones, addresses: addresses, notes: paragraphs(),
            categories: categories())
    }

    // MARK: Tasks

    mutating func task() -> TaskFields {
        let status = pick(TaskFields.Status.allCases)
        let percent: Int =
            switch status {
            case .notStarted: 0
            case .inProgress: int(1...99)
            case .completed: 100
            case .waitingOnOthers, .deferred: int(0...99)
            }
        return TaskFields(
            subject: optionalText(90), body: paragraphs(), status: status, startDate: chance(50) ? day() : nil,
            dueDate: chance(60) ? day() : nil, completedDate: status == .completed && chance(70) ? day() : nil,
            percentComplete: percent, importance: pick(TaskFields.Importance.allCases),
            reminderAt: chance(40) ? instant() : nil, categories: categories())
    }

    // MARK: Appointments

    static let zones = [
        "Europe/Zurich", "Europe/Paris", "America/New_York", "America/Toronto", "America/St_Johns", "Asia/Kolkata",
        "Pacific/Auckland", "America/Sao_Paulo", "Asia/Tokyo", "Asia/Kathmandu", "Etc/UTC",
    ]

    static func calendar(_ zone: String) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: zone)!
        return calendar
    }

    mutating func appointment() -> AppointmentFields {
        let zone = pick(Self.zones)
        let calendar = Self.calendar(zone)
        let startDay = day()
        let timing: AppointmentTiming
        if chance(25) {
            timing = .allDay(startDay: startDay, endDay: startDay.adding(days: int(1...4)), timeZone: zone)
        } else {
            let start = calendar.date(
                from: DateComponents(year: startDay.year, month: startDay.month, day: startDay.day, hour: int(6...20), minute: pick([0, 15, 30, 45])))!
            let end = start.addingTimeInterval(Double(pick([15, 30, 60, 90, 240, 1500])) * 60)
            timing = .timed(start: start, startTimeZone: zone, end: end, endTimeZone: chance(80) ? zone : pick(Self.zones))
        }
        var attendees: [Attendee] = []
        for index in 0..<int(0...3) {
            attendees.append(
                Attendee(
                    email: "invite\(index)-\(int(0...999))@exemple.ch", name: optionalText(50),
                    role: pick(Attendee.Role.allCases)))
        }
        var appointment = AppointmentFields(
            subject: optionalText(90), body: paragraphs(), location: optionalText(50), timing: timing, categories: categories(),
            attendees: attendees, showAs: pick(AppointmentFields.ShowAs.allCases),
            reminderMinutesBeforeStart: chance(50) ? pick([0, 5, 15, 60, 1440]) : nil)
        if chance(40) { addRecurrence(to: &appointment, startDay: startDay) }
        return appointment
    }

    private mutating func addRecurrence(to appointment: inout AppointmentFields, startDay: LocalDate) {
        let weekday = startDay.weekday
        // The start is always an occurrence, as Outlook makes it.
        let ordinal = (startDay.day - 1) / 7
        let index = [RecurrencePattern.WeekIndex.first, .second, .third, .fourth][ordinal]
        let pattern: RecurrencePattern =
            switch int(0...5) {
            case 0: .daily(interval: int(1...3))
            case 1:
                .weekly(
                    interval: int(1...2), daysOfWeek: Set(subset(Weekday.allCases) + [weekday]),
                    firstDayOfWeek: pick([.sunday, .monday]))
            case 2: .absoluteMonthly(interval: int(1...3), dayOfMonth: startDay.day)
            case 3: .relativeMonthly(interval: int(1...2), daysOfWeek: [weekday], index: index)
            case 4: .absoluteYearly(month: startDay.month, dayOfMonth: startDay.day)
            default: .relativeYearly(month: startDay.month, daysOfWeek: [weekday], index: index)
            }
        let range: RecurrenceRange =
            switch int(0...2) {
            case 0: .numbered(start: startDay, count: int(2...10))
            case 1: .endDate(start: startDay, end: startDay.adding(days: int(30...400)))
            default: .noEnd(start: startDay)
            }
        appointment.recurrence = Recurrence(pattern: pattern, range: range)
        let starts = Array((appointment.occurrenceStarts(limit: 8) ?? []).dropFirst())
        var modified: [OccurrenceChange] = []
        var deleted: [Date] = []
        for originalStart in starts {
            switch int(0...5) {
            case 0 where !appointment.timing.isAllDay:
                let shift = Double(pick([-30, 30, 60])) * 60
                let duration: TimeInterval =
                    if case .timed(let start, _, let end, _) = appointment.timing { end.timeIntervalSince(start) } else { 0 }
                modified.append(
                    OccurrenceChange(
                        originalStart: originalStart, start: originalStart.addingTimeInterval(shift),
                        end: originalStart.addingTimeInterval(shift + duration), subject: optionalText(50)))
            case 1:
                modified.append(OccurrenceChange(originalStart: originalStart, subject: text(), location: optionalText(50)))
            case 2:
                deleted.append(originalStart)
            default:
                break
            }
        }
        appointment.modifiedOccurrences = modified
        appointment.deletedOccurrences = deleted
        appointment = Self.distinguishable(appointment)
    }

    /// Exchange keeps an occurrence's subject, location and body whole, so an occurrence change
    /// that sets the series' own value reads back as no change: keep the series' values apart.
    static func distinguishable(_ appointment: AppointmentFields) -> AppointmentFields {
        var result = appointment
        let changes = appointment.modifiedOccurrences
        if let subject = result.subject, changes.contains(where: { $0.subject == subject }) { result.subject = subject + " (série)" }
        if let location = result.location, changes.contains(where: { $0.location == location }) { result.location = location + " (série)" }
        if let body = result.body, changes.contains(where: { $0.body == body }) { result.body = body + " (série)" }
        return result
    }

    // MARK: Edits

    /// `fields` with a random part of its fields replaced by another random entity's (or cleared).
    mutating func edited(_ fields: FieldSet, kind: EntityKind) -> FieldSet {
        switch kind {
        case .contact:
            guard var contact = try? ContactFields(fields: mixed(fields, contact().fields, keeping: [])) else { return fields }
            // Exchange gives a named contact a display name of its own when it has none.
            if contact.displayName == nil, contact.givenName != nil || contact.surname != nil { contact.displayName = text() }
            return contact.fields
        case .task:
            return (try? TaskFields(fields: mixed(fields, task().fields, keeping: [])))?.fields ?? fields
        case .appointment:
            guard let original = try? AppointmentFields(fields: fields) else { return fields }
            let other = appointment()
            let whole: Set<String> = [
                FieldName.start, FieldName.end, FieldName.startTimeZone, FieldName.endTimeZone, FieldName.isAllDay,
                FieldName.recurrence, FieldName.modifiedOccurrences, FieldName.deletedOccurrences,
            ]
            var edited = (try? AppointmentFields(fields: mixed(fields, other.fields, keeping: whole))) ?? original
            if original.recurrence == nil {
                // A single appointment may move, change zones or become a series.
                if chance(40) {
                    edited.timing = other.timing
                    edited.recurrence = other.recurrence
                    edited.modifiedOccurrences = other.modifiedOccurrences
                    edited.deletedOccurrences = other.deletedOccurrences
                }
            } else {
                // A series loses changed occurrences (they return to the series) and gains changed or
                // deleted ones (a deleted occurrence cannot come back in Exchange).
                edited.modifiedOccurrences.removeAll { _ in chance(30) }
                let taken = Set(edited.modifiedOccurrences.map(\.originalStart) + edited.deletedOccurrences)
                for originalStart in Array((edited.occurrenceStarts(limit: 8) ?? []).dropFirst()) where !taken.contains(originalStart) {
                    switch int(0...4) {
                    case 0: edited.modifiedOccurrences.append(OccurrenceChange(originalStart: originalStart, subject: text()))
                    case 1: edited.deletedOccurrences.append(originalStart)
                    default: break
                    }
                }
                // Exceptions keep the series' subject, location and body they were written with:
                // the series' own text stays as it was (see docs/ews-connector.md, known limits).
                edited.subject = original.subject
                edited.location = original.location
                edited.body = original.body
                edited.modifiedOccurrences.removeAll { change in
                    (change.subject != nil && change.subject == original.subject)
                        || (change.location != nil && change.location == original.location)
                        || (change.body != nil && change.body == original.body)
                }
            }
            edited = Self.distinguishable(edited)
            return AppointmentFields(
                subject: edited.subject, body: edited.body, location: edited.location, timing: edited.timing,
                categories: edited.categories, attendees: edited.attendees, showAs: edited.showAs,
                reminderMinutesBeforeStart: edited.reminderMinutesBeforeStart, recurrence: edited.recurrence,
                modifiedOccurrences: edited.modifiedOccurrences, deletedOccurrences: edited.deletedOccurrences
            ).fields
        }
    }

    /// Each field of `base` (but those `keeping`) replaced by `other`'s value, or removed, 40% of the time.
    private mutating func mixed(_ base: FieldSet, _ other: FieldSet, keeping: Set<String>) -> FieldSet {
        var result = base
        for field in Set(base.values.keys).union(other.values.keys).sorted() where !keeping.contains(field) && chance(40) {
            result[field] = other[field]
        }
        return result
    }
}
