import Foundation
import MicrosoftGraph
import SyncEngine
import WindowsTimeZones

/// Appointment fields ⇄ Graph `event` (a single instance or a series master).
///
/// - Zones: written as Windows ids (what Outlook shows), with the IANA ids kept in the same named
///   properties EWS writes (`PrextraStartTimeZone`, `PrextraEndTimeZone`), so that an IANA zone
///   sharing its Windows zone with others (Europe/Zurich, Europe/Berlin) survives, whichever API
///   wrote it. Instants are read in UTC (no `Prefer: outlook.timezone`).
/// - All-day: midnight to midnight of the days, in the appointment's zone; Graph keeps an all-day
///   event's midnights whatever zone is asked for, so its days are the first ten characters.
/// - Attendees: written only when the environment sends invitations. Graph v1.0 has no
///   `SendToNone`: an event created or changed with attendees invites them. Without invitations
///   the field is out of reach (`GraphMailboxConnector.fieldsOutOfReach`), neither read nor written.
/// - Modified occurrences come from the master's `exceptionOccurrences` (read as what differs from
///   the series, as on EWS), deleted ones from its `cancelledOccurrences`; both are written on the
///   occurrences themselves (`GraphAppointmentOccurrences`).
enum GraphAppointmentMapping {
    static let startZoneProperty = "String {00020329-0000-0000-C000-000000000046} Name PrextraStartTimeZone"
    static let endZoneProperty = "String {00020329-0000-0000-C000-000000000046} Name PrextraEndTimeZone"

    /// Every property a series or single event is read with: `cancelledOccurrences` comes only
    /// when selected, so the whole list is named.
    static let selectedProperties = [
        "subject", "body", "start", "end", "isAllDay", "location", "categories", "attendees", "showAs", "isReminderOn",
        "reminderMinutesBeforeStart", "recurrence", "type", "seriesMasterId", "originalStart", "originalStartTimeZone",
        "originalEndTimeZone", "changeKey", "lastModifiedDateTime", "cancelledOccurrences",
    ]

    /// The query of a hydrating read: the properties, the exceptions and the tag and zone properties.
    static func readQuery(tagProperty: String) -> [(String, String)] {
        [
            ("$select", selectedProperties.joined(separator: ",")),
            ("$expand", "exceptionOccurrences," + GraphClient.expansion(ofExtendedProperties: [tagProperty, startZoneProperty, endZoneProperty])),
        ]
    }

    /// The query of the calendar's event list in a full round: the same, without
    /// `cancelledOccurrences` (only a GET of a master answers it) or the exceptions (series are
    /// read by their masters).
    static func listQuery(tagProperty: String) -> [(String, String)] {
        [
            ("$select", selectedProperties.filter { $0 != "cancelledOccurrences" }.joined(separator: ",")),
            ("$expand", GraphClient.expansion(ofExtendedProperties: [tagProperty, startZoneProperty, endZoneProperty])),
        ]
    }

    static let timingFields: Set<String> = AppointmentItemMapping.timingFields
    static let occurrenceFields: Set<String> = AppointmentItemMapping.occurrenceFields

    private static func failure(_ field: String, _ problem: String) -> GraphMappingError {
        GraphMappingError(kind: .appointment, field: field, problem: problem)
    }

    // MARK: Reading

    static func extendedValue(_ id: String, of event: GraphEvent) -> String? {
        event.singleValueExtendedProperties?.first { $0.id?.caseInsensitiveCompare(id) == .orderedSame }?.value
            .flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The IANA zone of an event's start or end: the one written when it still maps to the event's
    /// Windows zone, otherwise that Windows zone's CLDR default (an IANA name is taken as it is).
    static func zone(graphName: String?, hint: String?) -> String? {
        guard let graphName, !graphName.isEmpty else { return hint }
        if let windows = try? WindowsTimeZoneMapping.ianaID(forWindowsID: graphName) {
            if let hint, (try? WindowsTimeZoneMapping.windowsID(forIANA: hint)) == graphName { return hint }
            return windows
        }
        if TimeZone(identifier: graphName) != nil { return graphName }
        return hint
    }

    /// The fields of a single event or series master, its exceptions and cancelled occurrences included.
    static func fields(of event: GraphEvent, attendeesInReach: Bool) throws(GraphMappingError) -> FieldSet {
        let startZone = zone(graphName: event.originalStartTimeZone, hint: extendedValue(startZoneProperty, of: event)) ?? "Etc/UTC"
        let endZone = zone(graphName: event.originalEndTimeZone, hint: extendedValue(endZoneProperty, of: event)) ?? startZone
        let timing: AppointmentTiming
        if event.isAllDay == true {
            guard let startDay = try GraphDateTimeValues.day(event.start, "start", kind: .appointment),
                let endDay = try GraphDateTimeValues.day(event.end, "end", kind: .appointment)
            else { throw failure(FieldName.start, "the event has no start or end") }
            timing = .allDay(startDay: startDay, endDay: endDay, timeZone: startZone)
        } else {
            guard let start = try GraphDateTimeValues.instant(event.start, "start", kind: .appointment),
                let end = try GraphDateTimeValues.instant(event.end, "end", kind: .appointment)
            else { throw failure(FieldName.start, "the event has no start or end") }
            timing = .timed(start: start, startTimeZone: startZone, end: end, endTimeZone: endZone)
        }
        var attendees: [SyncEngine.Attendee] = []
        if attendeesInReach {
            for attendee in event.attendees ?? [] {
                guard let address = attendee.emailAddress?.address, !address.isEmpty else { continue }
                let role: SyncEngine.Attendee.Role =
                    switch attendee.type {
                    case .optional: .optional
                    case .resource: .resource
                    default: .required
                    }
                attendees.append(SyncEngine.Attendee(email: address, name: attendee.emailAddress?.name, role: role))
            }
        }
        let recurrence = try event.recurrence.map { value throws(GraphMappingError) in try GraphRecurrenceMapping.engine(value) }
        let series = AppointmentFields(
            subject: event.subject, body: event.body?.content, location: event.location?.displayName, timing: timing,
            categories: event.categories ?? [], attendees: attendees, showAs: showAs(event.showAs),
            reminderMinutesBeforeStart: event.isReminderOn == true ? Int(event.reminderMinutesBeforeStart ?? 0) : nil,
            recurrence: recurrence)
        guard recurrence != nil else { return series.fields }
        var result = series
        var modified: [OccurrenceChange] = []
        for exception in event.exceptionOccurrences ?? [] {
            if let change = try occurrenceChange(exception, of: series) { modified.append(change) }
        }
        result.modifiedOccurrences = modified
        result.deletedOccurrences = cancelledStarts(event.cancelledOccurrences ?? [], of: series)
        return result.fields
    }

    /// An exception as what differs from its series (an exception changed back is no change).
    static func occurrenceChange(_ exception: GraphEvent, of series: AppointmentFields) throws(GraphMappingError) -> OccurrenceChange? {
        guard let originalText = exception.originalStart, let originalStart = GraphMailboxConnector.date(of: originalText) else {
            throw failure(FieldName.modifiedOccurrences, "an exception without its originalStart")
        }
        let duration: TimeInterval =
            switch series.timing {
            case .timed(let start, _, let end, _): end.timeIntervalSince(start)
            case .allDay(let startDay, let endDay, _): TimeInterval(endDay.dayNumber - startDay.dayNumber) * 86_400
            }
        func differing(_ value: String?, _ master: String?) -> String? {
            let trimmed = value?.trimmingCharacters(in: .whitespacesAndNewlines)
            return trimmed == (master ?? "").trimmingCharacters(in: .whitespacesAndNewlines) ? nil : trimmed
        }
        let start = try GraphDateTimeValues.instant(exception.start, "start", kind: .appointment)
        let end = try GraphDateTimeValues.instant(exception.end, "end", kind: .appointment)
        let change = OccurrenceChange(
            originalStart: originalStart, start: start.flatMap { $0 == originalStart ? nil : $0 },
            end: end.flatMap { $0 == originalStart.addingTimeInterval(duration) ? nil : $0 },
            subject: differing(exception.subject, series.subject), location: differing(exception.location?.displayName, series.location),
            body: differing(exception.body?.content, series.body))
        let differs = change.start != nil || change.end != nil || change.subject != nil || change.location != nil || change.body != nil
        return differs ? change : nil
    }

    /// The original starts of cancelled occurrences. Graph names each by the day it fell on
    /// (`OID.{master}.yyyy-MM-dd`), in the series' zone: the occurrence of the series on that day.
    static func cancelledStarts(_ ids: [String], of series: AppointmentFields) -> [Date] {
        guard !ids.isEmpty, let starts = series.occurrenceStarts(limit: 20_000) else { return [] }
        let zone: String =
            switch series.timing {
            case .timed(_, let zone, _, _), .allDay(_, _, let zone): zone
            }
        let calendar = AppointmentItemMapping.calendar(zone)
        var byDay: [String: Date] = [:]
        for start in starts {
            let parts = calendar.dateComponents([.year, .month, .day], from: start)
            let day = String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
            if byDay[day] == nil { byDay[day] = start }
        }
        return ids.compactMap { id in byDay[String(id.suffix(10))] }
    }

    static func showAs(_ value: FreeBusyStatus?) -> AppointmentFields.ShowAs {
        switch value {
        case .free: .free
        case .tentative: .tentative
        case .oof: .outOfOffice
        case .workingElsewhere: .workingElsewhere
        case .unknown: .noData
        case .busy, nil: .busy
        }
    }

    static func freeBusy(_ value: AppointmentFields.ShowAs) -> FreeBusyStatus {
        switch value {
        case .free: .free
        case .tentative: .tentative
        case .busy: .busy
        case .outOfOffice: .oof
        case .workingElsewhere: .workingElsewhere
        case .noData: .unknown
        }
    }

    // MARK: Writing

    /// A new event with `fields` (occurrence changes are written afterwards, on the occurrences).
    static func event(with fields: FieldSet, attendeesInReach: Bool) throws(GraphMappingError) -> GraphEvent {
        var event = GraphEvent()
        var written = FieldPatch(from: FieldSet(), to: fields)
        // Exchange sets a 15-minute reminder on new events unless told otherwise.
        if fields[FieldName.reminderMinutesBeforeStart] == nil { written.cleared.insert(FieldName.reminderMinutesBeforeStart) }
        _ = try write(written, current: fields, into: &event, attendeesInReach: attendeesInReach)
        return event
    }

    /// Whether writing `patch` needs the event's current fields (the timing and the recurrence are
    /// written whole, from the appointment they make together).
    static func needsCurrentFields(for patch: FieldPatch) -> Bool {
        !timingFields.union([FieldName.recurrence]).isDisjoint(with: patch.fieldNames)
    }

    /// Writes the patch's fields into `event`; returns the properties to send as null.
    static func write(_ patch: FieldPatch, current: FieldSet, into event: inout GraphEvent, attendeesInReach: Bool)
        throws(GraphMappingError) -> [GraphEvent.CodingKeys]
    {
        let names = Set(patch.fieldNames)
        var cleared: [GraphEvent.CodingKeys] = []
        var target: AppointmentFields?
        if needsCurrentFields(for: patch) {
            do { target = try AppointmentFields(fields: patch.applied(to: current)) } catch {
                throw failure(error.field, error.description)
            }
        }
        if let target, !timingFields.isDisjoint(with: names) || names.contains(FieldName.recurrence) {
            let zones = try writeTiming(target.timing, into: &event)
            if names.contains(FieldName.recurrence) {
                if let recurrence = target.recurrence {
                    event.recurrence = GraphRecurrenceMapping.graph(recurrence, timeZone: zones.start)
                } else {
                    cleared.append(.recurrence)
                }
            }
        }
        let values: AppointmentFields
        do {
            var fields = patch.applied(to: current)
            if fields[FieldName.start] == nil {
                // Only texts and lists are written from here: a placeholder timing lets them be read.
                for (name, value) in placeholderTiming { fields[name] = value }
            }
            values = try AppointmentFields(fields: fields)
        } catch {
            throw failure(error.field, error.description)
        }
        for name in names.subtracting(timingFields).subtracting(occurrenceFields) {
            switch name {
            case FieldName.subject:
                event.subject = values.subject ?? ""
            case FieldName.body:
                var body = ItemBody()
                body.contentType = .text
                body.content = values.body ?? ""
                event.body = body
            case FieldName.location:
                var location = Location()
                location.displayName = values.location ?? ""
                event.location = location
            case FieldName.categories:
                event.categories = values.categories
            case FieldName.showAs:
                event.showAs = freeBusy(values.showAs)
            case FieldName.reminderMinutesBeforeStart:
                event.isReminderOn = values.reminderMinutesBeforeStart != nil
                if let minutes = values.reminderMinutesBeforeStart { event.reminderMinutesBeforeStart = Int32(clamping: minutes) }
            case FieldName.attendees:
                guard attendeesInReach else { continue }
                event.attendees = values.attendees.map { attendee in
                    var address = MicrosoftGraph.EmailAddress()
                    address.address = attendee.email
                    address.name = attendee.name
                    var written = MicrosoftGraph.Attendee()
                    written.emailAddress = address
                    written.type =
                        switch attendee.role {
                        case .required: .required
                        case .optional: .optional
                        case .resource: .resource
                        }
                    return written
                }
            case FieldName.recurrence:
                continue
            default:
                throw failure(name, "not an appointment field this connector writes")
            }
        }
        return cleared
    }

    static let placeholderTiming: [String: FieldValue] = [
        FieldName.isAllDay: .boolean(false), FieldName.start: .instant(Date(timeIntervalSince1970: 0)),
        FieldName.end: .instant(Date(timeIntervalSince1970: 0)), FieldName.startTimeZone: .text("UTC"),
    ]

    /// Writes start, end, the all-day flag and both zones (Windows on the wire, IANA in the named
    /// properties); returns the Windows zones.
    static func writeTiming(_ timing: AppointmentTiming, into event: inout GraphEvent) throws(GraphMappingError)
        -> (start: String, end: String)
    {
        func windows(_ zone: String, _ field: String) throws(GraphMappingError) -> String {
            guard let id = try? WindowsTimeZoneMapping.windowsID(forIANA: zone) else {
                throw failure(field, "the zone '\(zone)' has no Windows time zone")
            }
            return id
        }
        func wallClock(_ instant: Date, in zone: String) -> String {
            var format = Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: zone) ?? TimeZone(identifier: "UTC")!)
            format = format.year().month().day().time(includingFractionalSeconds: false)
            return String(instant.formatted(format).prefix(19))
        }
        let startZone: String
        let endZone: String
        switch timing {
        case .timed(let start, let zoneOfStart, let end, let zoneOfEnd):
            (startZone, endZone) = (zoneOfStart, zoneOfEnd)
            event.start = DateTimeTimeZone(dateTime: wallClock(start, in: startZone), timeZone: try windows(startZone, FieldName.startTimeZone))
            event.end = DateTimeTimeZone(dateTime: wallClock(end, in: endZone), timeZone: try windows(endZone, FieldName.endTimeZone))
            event.isAllDay = false
        case .allDay(let startDay, let endDay, let zone):
            (startZone, endZone) = (zone, zone)
            let id = try windows(zone, FieldName.startTimeZone)
            event.start = DateTimeTimeZone(dateTime: "\(startDay.description)T00:00:00", timeZone: id)
            event.end = DateTimeTimeZone(dateTime: "\(endDay.description)T00:00:00", timeZone: id)
            event.isAllDay = true
        }
        var properties = event.singleValueExtendedProperties ?? []
        properties.removeAll { [startZoneProperty, endZoneProperty].contains($0.id ?? "") }
        properties.append(GraphExtendedProperty(id: startZoneProperty, value: startZone))
        properties.append(GraphExtendedProperty(id: endZoneProperty, value: endZone))
        event.singleValueExtendedProperties = properties
        return (event.start?.timeZone ?? "UTC", event.end?.timeZone ?? "UTC")
    }
}
