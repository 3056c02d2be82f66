import ExchangeWebServices
import Foundation
import SyncEngine
import WindowsTimeZones

/// Appointment fields ⇄ EWS `t:CalendarItem`.
///
/// - Zones: IANA in the engine, Windows on the wire; the IANA ids written are kept in named
///   properties and read back while they still map to the item's Windows zone.
/// - All-day: midnight to midnight in the appointment's zone, `IsAllDayEvent`.
/// - Attendees: required and optional ones as such, resources as optional ones listed in a named
///   property. Invitations are a matter of the request, not of the mapping.
/// - Modified and deleted occurrences are not fields of the master: `AppointmentOccurrences`
///   reads and writes them on the occurrences themselves.
enum AppointmentItemMapping: EWSItemMapping {
    static let kind = EntityKind.appointment
    private static let reading = FieldValueReading(kind: .appointment)

    static let timingFields: Set<String> = [
        FieldName.start, FieldName.end, FieldName.startTimeZone, FieldName.endTimeZone, FieldName.isAllDay,
    ]
    static let occurrenceFields: Set<String> = [FieldName.modifiedOccurrences, FieldName.deletedOccurrences]

    // MARK: Reading

    static func fields(of item: Item) throws(EWSMappingError) -> FieldSet {
        try fields(of: item, occurrenceDetails: [:])
    }

    /// - Parameter occurrenceDetails: the modified occurrences read in full, by item id (their
    ///   subject, location and body are not part of the master).
    static func fields(of item: Item, occurrenceDetails: [String: CalendarItem]) throws(EWSMappingError) -> FieldSet {
        guard let event = item.calendarItem else {
            throw EWSMappingError(kind: kind, field: "item", problem: "expected a CalendarItem")
        }
        guard let start = event.start, let end = event.end else {
            throw EWSMappingError(kind: kind, field: FieldName.start, problem: "the item has no start or end")
        }
        let properties = event.properties.extendedProperties
        let startZone =
            zone(
                windowsID: event.startTimeZoneWindowsID, iana: event.startTimeZone,
                hint: properties.value(for: EWSNamedProperties.startTimeZone)) ?? "UTC"
        let endZone =
            zone(
                windowsID: event.endTimeZoneWindowsID ?? event.startTimeZoneWindowsID, iana: event.endTimeZone ?? event.startTimeZone,
                hint: properties.value(for: EWSNamedProperties.endTimeZone)) ?? startZone
        let timing: AppointmentTiming
        if event.isAllDayEvent == true {
            timing = .allDay(startDay: day(of: start, in: startZone), endDay: day(of: end, in: startZone), timeZone: startZone)
        } else {
            timing = .timed(start: start, startTimeZone: startZone, end: end, endTimeZone: endZone)
        }
        let resources = Set(properties.values(for: EWSNamedProperties.resourceAttendees).map { $0.lowercased() })
        var attendees = event.requiredAttendees.compactMap { attendee($0, role: .required) }
        for optional in event.optionalAttendees {
            let isResource = optional.mailbox.address.map { resources.contains($0.lowercased()) } ?? false
            if let attendee = attendee(optional, role: isResource ? .resource : .optional) { attendees.append(attendee) }
        }
        let duration = end.timeIntervalSince(start)
        let modified = event.modifiedOccurrences.compactMap { occurrence -> OccurrenceChange? in
            guard let originalStart = occurrence.originalStart else { return nil }
            let details = occurrence.itemID.flatMap { occurrenceDetails[$0.id] }
            // What an occurrence shares with its series is not a change of it.
            let newStart = occurrence.start ?? details?.start
            let newEnd = occurrence.end ?? details?.end
            return OccurrenceChange(
                originalStart: originalStart,
                start: newStart.flatMap { $0 == originalStart ? nil : $0 },
                end: newEnd.flatMap { $0 == originalStart.addingTimeInterval(duration) ? nil : $0 },
                subject: differing(details?.subject, event.subject),
                location: differing(details?.location, event.location),
                body: differing(details?.body?.content, event.body?.content))
        }
        return AppointmentFields(
            subject: event.subject, body: event.body?.content, location: event.location, timing: timing,
            categories: event.categories, attendees: attendees,
            showAs: event.legacyFreeBusyStatus.flatMap(AppointmentFields.ShowAs.init(rawValue:)) ?? .busy,
            reminderMinutesBeforeStart: event.reminderIsSet == true ? (event.reminderMinutesBeforeStart ?? 0) : nil,
            recurrence: try event.recurrence.map { recurrence throws(EWSMappingError) in try RecurrenceMapping.engine(recurrence) },
            modifiedOccurrences: modified, deletedOccurrences: event.deletedOccurrences
        ).fields
    }

    /// The IANA zone of a Windows zone: the one written when it still maps to that Windows zone,
    /// otherwise the CLDR default of the Windows zone.
    static func zone(windowsID: String?, iana: String?, hint: String?) -> String? {
        guard let windowsID else { return hint ?? iana }
        if let hint, (try? WindowsTimeZoneMapping.windowsID(forIANA: hint)) == windowsID { return hint }
        return iana
    }

    private static func differing(_ value: String?, _ master: String?) -> String? {
        let trimmed = value?.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed == master?.trimmingCharacters(in: .whitespacesAndNewlines) ? nil : trimmed
    }

    private static func attendee(_ attendee: ExchangeWebServices.Attendee, role: SyncEngine.Attendee.Role) -> SyncEngine.Attendee? {
        guard let address = attendee.mailbox.address, !address.isEmpty else { return nil }
        return SyncEngine.Attendee(email: address, name: attendee.mailbox.name, role: role)
    }

    static func calendar(_ zone: String) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: zone) ?? TimeZone(identifier: "UTC")!
        return calendar
    }

    static func day(of instant: Date, in zone: String) -> SyncEngine.LocalDate {
        let parts = calendar(zone).dateComponents([.year, .month, .day], from: instant)
        return SyncEngine.LocalDate(year: parts.year!, month: parts.month!, day: parts.day!)!
    }

    static func midnight(_ day: SyncEngine.LocalDate, in zone: String) -> Date {
        calendar(zone).date(from: DateComponents(year: day.year, month: day.month, day: day.day))!
    }

    // MARK: Writing

    static func newItem(with fields: FieldSet) throws(EWSMappingError) -> Item {
        let normalized = try EWSItemMappings.normalized(fields, kind: kind)
        var event = CalendarItem()
        _ = try writeTiming(of: normalized, into: &event)
        for (field, value) in normalized.values where !timingFields.contains(field) {
            _ = try write(field, value, into: &event)
        }
        // Exchange sets a 15-minute reminder on new appointments unless told otherwise.
        if normalized[FieldName.reminderMinutesBeforeStart] == nil {
            _ = try write(FieldName.reminderMinutesBeforeStart, nil, into: &event)
        }
        return .calendarItem(event)
    }

    static func needsCurrentFields(for patch: FieldPatch) -> Bool {
        !timingFields.isDisjoint(with: patch.fieldNames)
    }

    static func change(for patch: FieldPatch, current: FieldSet?) throws(EWSMappingError) -> (item: Item, fields: [ItemField]) {
        var event = CalendarItem()
        var fields: [ItemField] = []
        if !timingFields.isDisjoint(with: patch.fieldNames) {
            // A day of an all-day item needs its zone, a zone change its instants: write the whole timing.
            let target = try EWSItemMappings.normalized(patch.applied(to: current ?? FieldSet()), kind: kind)
            fields += try writeTiming(of: target, into: &event)
        }
        for name in patch.fieldNames where !timingFields.contains(name) {
            fields += try write(name, patch.values[name], into: &event)
        }
        return (.calendarItem(event), fields)
    }

    /// Writes start, end, all-day flag and zones from a whole, normalised appointment.
    static func writeTiming(of fields: FieldSet, into event: inout CalendarItem) throws(EWSMappingError) -> [ItemField] {
        let timing: AppointmentTiming
        do { timing = try AppointmentFields(fields: fields).timing } catch {
            throw EWSMappingError(kind: kind, field: error.field, problem: error.description)
        }
        let startZone: String
        let endZone: String
        switch timing {
        case .timed(let start, let zoneOfStart, let end, let zoneOfEnd):
            event.start = start
            event.end = end
            event.isAllDayEvent = false
            (startZone, endZone) = (zoneOfStart, zoneOfEnd)
        case .allDay(let startDay, let endDay, let zone):
            event.start = midnight(startDay, in: zone)
            event.end = midnight(endDay, in: zone)
            event.isAllDayEvent = true
            (startZone, endZone) = (zone, zone)
        }
        for (field, zone) in [(FieldName.startTimeZone, startZone), (FieldName.endTimeZone, endZone)] {
            guard (try? WindowsTimeZoneMapping.windowsID(forIANA: zone)) != nil else {
                throw EWSMappingError(kind: kind, field: field, problem: "the zone '\(zone)' has no Windows time zone")
            }
        }
        event.startTimeZone = startZone
        event.endTimeZone = endZone
        event.properties.extendedProperties.set(EWSNamedProperties.startTimeZone, startZone)
        event.properties.extendedProperties.set(EWSNamedProperties.endTimeZone, endZone)
        return [
            .start, .end, .isAllDayEvent, .startTimeZone, .endTimeZone, .extendedProperty(EWSNamedProperties.startTimeZone),
            .extendedProperty(EWSNamedProperties.endTimeZone),
        ]
    }

    /// Writes one engine field other than the timing (`nil`: cleared) and returns the EWS fields it touches.
    static func write(_ field: String, _ value: FieldValue?, into event: inout CalendarItem) throws(EWSMappingError) -> [ItemField] {
        switch field {
        case FieldName.subject:
            event.subject = try reading.text(value, field)
            return [.subject]
        case FieldName.body:
            event.body = try reading.text(value, field).map { ItemBody($0) }
            return [.body]
        case FieldName.location:
            event.location = try reading.text(value, field)
            return [.location]
        case FieldName.categories:
            event.categories = try reading.texts(value, field)
            return [.categories]
        case FieldName.showAs:
            let raw = try reading.text(value, field) ?? AppointmentFields.ShowAs.busy.rawValue
            guard AppointmentFields.ShowAs(rawValue: raw) != nil else { throw reading.failure(field, "a free/busy status") }
            event.legacyFreeBusyStatus = raw
            return [.legacyFreeBusyStatus]
        case FieldName.reminderMinutesBeforeStart:
            let minutes = try reading.integer(value, field)
            event.reminderIsSet = minutes != nil
            event.reminderMinutesBeforeStart = minutes
            return minutes == nil ? [.reminderIsSet] : [.reminderIsSet, .reminderMinutesBeforeStart]
        case FieldName.attendees:
            let attendees = try self.attendees(value)
            func mailbox(_ attendee: SyncEngine.Attendee) -> ExchangeWebServices.Attendee {
                ExchangeWebServices.Attendee(mailbox: EmailAddress(name: attendee.name, address: attendee.email))
            }
            event.requiredAttendees = attendees.filter { $0.role == .required }.map(mailbox)
            event.optionalAttendees = attendees.filter { $0.role != .required }.map(mailbox)
            event.properties.extendedProperties.set(
                EWSNamedProperties.resourceAttendees, values: attendees.filter { $0.role == .resource }.map(\.email))
            return [.requiredAttendees, .optionalAttendees, .extendedProperty(EWSNamedProperties.resourceAttendees)]
        case FieldName.recurrence:
            if let map = try reading.map(value, field) {
                let model: AppointmentFields
                do {
                    // The engine reads a recurrence only as part of an appointment.
                    model = try AppointmentFields(fields: [
                        FieldName.isAllDay: .boolean(false), FieldName.start: .instant(Date(timeIntervalSince1970: 0)),
                        FieldName.end: .instant(Date(timeIntervalSince1970: 0)), FieldName.startTimeZone: .text("UTC"),
                        FieldName.recurrence: .map(map),
                    ])
                } catch {
                    throw EWSMappingError(kind: kind, field: error.field, problem: error.description)
                }
                event.recurrence = try model.recurrence.map { recurrence throws(EWSMappingError) in try RecurrenceMapping.ews(recurrence) }
            } else {
                event.recurrence = nil
            }
            return [.recurrence]
        case FieldName.modifiedOccurrences, FieldName.deletedOccurrences:
            // Written on the occurrences themselves, after the master (see `AppointmentOccurrences`).
            return []
        default:
            throw EWSMappingError(kind: kind, field: field, problem: "not an appointment field this connector writes")
        }
    }

    private static func attendees(_ value: FieldValue?) throws(EWSMappingError) -> [SyncEngine.Attendee] {
        guard case .list(let entries)? = value?.normalized() else {
            if value?.normalized() == nil { return [] }
            throw reading.failure(FieldName.attendees, "a list of attendees")
        }
        var result: [SyncEngine.Attendee] = []
        for entry in entries {
            guard case .map(let map) = entry, let email = try reading.text(map["email"], "attendees.email") else {
                throw reading.failure(FieldName.attendees, "a list of attendees with addresses")
            }
            let role = try reading.text(map["role"], "attendees.role").flatMap(SyncEngine.Attendee.Role.init(rawValue:)) ?? .required
            result.append(SyncEngine.Attendee(email: email, name: try reading.text(map["name"], "attendees.name"), role: role))
        }
        return result
    }

    // MARK: Occurrence changes in a patch or a field set

    /// The modified occurrences a field value lists.
    static func occurrenceChanges(_ value: FieldValue?) throws(EWSMappingError) -> [OccurrenceChange] {
        guard let value = value?.normalized() else { return [] }
        guard case .list(let entries) = value else { throw reading.failure(FieldName.modifiedOccurrences, "a list") }
        var result: [OccurrenceChange] = []
        for entry in entries {
            guard case .map(let map) = entry, let originalStart = try reading.instant(map["originalStart"], "originalStart") else {
                throw reading.failure(FieldName.modifiedOccurrences, "occurrence changes with an originalStart")
            }
            result.append(
                OccurrenceChange(
                    originalStart: originalStart, start: try reading.instant(map["start"], "start"),
                    end: try reading.instant(map["end"], "end"), subject: try reading.text(map["subject"], "subject"),
                    location: try reading.text(map["location"], "location"), body: try reading.text(map["body"], "body")))
        }
        return result
    }

    /// The original starts a field value lists.
    static func deletedStarts(_ value: FieldValue?) throws(EWSMappingError) -> [Date] {
        guard let value = value?.normalized() else { return [] }
        guard case .list(let entries) = value else { throw reading.failure(FieldName.deletedOccurrences, "a list") }
        var result: [Date] = []
        for entry in entries {
            guard case .instant(let date) = entry else { throw reading.failure(FieldName.deletedOccurrences, "a list of instants") }
            result.append(date)
        }
        return result
    }
}
