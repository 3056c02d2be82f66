import Foundation

/// Graph `event` JSON against the store's EWS CalendarItem properties, both ways. Graph writes
/// through this mapping into the same elements EWS CreateItem/UpdateItem write, so either
/// protocol reads what the other wrote.
enum GraphEventMapping {
    static let showAs: [(graph: String, ews: String)] = [
        ("free", "Free"), ("tentative", "Tentative"), ("busy", "Busy"), ("oof", "OOF"), ("workingElsewhere", "WorkingElsewhere"),
        ("unknown", "NoData"),
    ]
    static let importance: [(graph: String, ews: String)] = [("low", "Low"), ("normal", "Normal"), ("high", "High")]
    static let sensitivity: [(graph: String, ews: String)] = [
        ("normal", "Normal"), ("personal", "Personal"), ("private", "Private"), ("confidential", "Confidential"),
    ]

    static func ews(_ table: [(graph: String, ews: String)], _ value: String) -> String? {
        table.first { $0.graph == value }?.ews
    }

    static func graph(_ table: [(graph: String, ews: String)], _ value: String?) -> String? {
        guard let value else { return nil }
        return table.first { $0.ews == value }?.graph
    }

    /// The changes a POST or PATCH body makes: properties to set, names to remove, extended properties.
    struct Changes {
        var set: [XMLElementNode] = []
        var remove: [String] = []
        var extended: [(ExtendedPropertyKey, XMLElementNode)] = []
    }

    /// Reads an event body (already checked against the CSDL).
    static func changes(from body: GraphJSON) throws(GraphError) -> Changes {
        var changes = Changes()
        func setText(_ name: String, _ value: GraphJSON?) {
            guard let value else { return }
            switch value {
            case .null: changes.remove.append(name)
            case .string(let text): changes.set.append(.t(name, text))
            case .bool(let flag): changes.set.append(.t(name, flag ? "true" : "false"))
            case .integer(let number): changes.set.append(.t(name, String(number)))
            default: break
            }
        }
        setText("Subject", body["subject"])
        if let value = body["body"] {
            if value.isNull {
                changes.remove.append("Body")
            } else {
                let type = value["contentType"]?.stringValue == "html" ? "HTML" : "Text"
                changes.set.append(.t("Body", value["content"]?.stringValue ?? "", attributes: ["BodyType": type]))
            }
        }
        for (property, element, zoneElement) in [("start", "Start", "StartTimeZone"), ("end", "End", "EndTimeZone")] {
            guard let value = body[property], !value.isNull else { continue }
            let (date, zoneName) = try GraphDateTime.parse(value, property: property)
            changes.set.append(.t(element, EWSDateTime.format(date)))
            if TimeZoneResolution.timeZone(windowsId: zoneName) != nil {
                changes.set.append(.t(zoneElement, attributes: ["Id": zoneName]))
            }
        }
        setText("IsAllDayEvent", body["isAllDay"])
        if let location = body["location"] {
            if location.isNull { changes.remove.append("Location") } else { setText("Location", location["displayName"] ?? .string("")) }
        }
        if let categories = body["categories"] {
            let names = categories.arrayValue?.compactMap(\.stringValue) ?? []
            if names.isEmpty { changes.remove.append("Categories") } else { changes.set.append(.t("Categories", children: names.map { .t("String", $0) })) }
        }
        setText("ReminderIsSet", body["isReminderOn"])
        setText("ReminderMinutesBeforeStart", body["reminderMinutesBeforeStart"])
        if let value = body["showAs"]?.stringValue, let mapped = ews(showAs, value) { changes.set.append(.t("LegacyFreeBusyStatus", mapped)) }
        if let value = body["importance"]?.stringValue, let mapped = ews(importance, value) { changes.set.append(.t("Importance", mapped)) }
        if let value = body["sensitivity"]?.stringValue, let mapped = ews(sensitivity, value) { changes.set.append(.t("Sensitivity", mapped)) }
        if let attendees = body["attendees"] {
            var groups: [String: [XMLElementNode]] = [:]
            for attendee in attendees.arrayValue ?? [] {
                let group =
                    switch attendee["type"]?.stringValue {
                    case "optional": "OptionalAttendees"
                    case "resource": "Resources"
                    default: "RequiredAttendees"
                    }
                var mailbox: [XMLElementNode] = []
                if let name = attendee["emailAddress"]?["name"]?.stringValue { mailbox.append(.t("Name", name)) }
                guard let address = attendee["emailAddress"]?["address"]?.stringValue else {
                    throw GraphError.badRequest("An attendee needs emailAddress.address.", code: "ErrorInvalidRecipients")
                }
                mailbox.append(.t("EmailAddress", address))
                groups[group, default: []].append(.t("Attendee", children: [.t("Mailbox", children: mailbox)]))
            }
            for group in ["RequiredAttendees", "OptionalAttendees", "Resources"] {
                if let list = groups[group] { changes.set.append(.t(group, children: list)) } else { changes.remove.append(group) }
            }
        }
        if let recurrence = body["recurrence"] {
            if recurrence.isNull { changes.remove.append("Recurrence") } else { changes.set.append(try GraphRecurrence.ews(from: recurrence)) }
        }
        changes.extended = try GraphExtendedProperty.elements(from: body["singleValueExtendedProperties"])
        return changes
    }

    // MARK: Writing

    static func etag(_ changeKey: String) -> String { "W/\"\(changeKey)\"" }

    static func attendees(of item: StoredItem) -> GraphJSON {
        var result: [GraphJSON] = []
        for (group, type) in [("RequiredAttendees", "required"), ("OptionalAttendees", "optional"), ("Resources", "resource")] {
            for attendee in item.property(group)?.children("Attendee") ?? [] {
                let mailbox = attendee.child("Mailbox")
                result.append(
                    .fields([
                        "type": .string(type),
                        "status": .fields(["response": .string("none"), "time": .string("0001-01-01T00:00:00Z")]),
                        "emailAddress": .fields([
                            "name": .string(mailbox?.child("Name")?.text ?? mailbox?.child("EmailAddress")?.text ?? ""),
                            "address": .string(mailbox?.child("EmailAddress")?.text ?? ""),
                        ]),
                    ]))
            }
        }
        return .array(result)
    }

    /// A full event: a single instance, a series master, or an occurrence/exception (`instance` set).
    static func render(
        _ item: StoredItem, instance: CalendarExpansion.Instance? = nil, mailbox: MailboxContents, options: GraphRenderOptions
    ) -> GraphJSON {
        let overrides = instance?.overrides ?? []
        func property(_ name: String) -> XMLElementNode? { overrides.first { $0.name == name } ?? item.property(name) }
        let type: String
        let id: String
        var changeKey = item.changeKey
        if let instance {
            type = instance.isException ? "exception" : "occurrence"
            id = GraphIds.restId(ofOccurrence: instance.originalStart, master: item, immutable: options.immutableIds)
            if let exception = item.modifiedOccurrences[instance.originalStart] { changeKey = exception.changeKey }
        } else {
            type = item.isRecurringMaster ? "seriesMaster" : "singleInstance"
            id = GraphIds.restId(of: item, immutable: options.immutableIds)
        }
        let start = instance?.start ?? CalendarExpansion.start(of: item) ?? item.created
        let end = instance?.end ?? CalendarExpansion.end(of: item) ?? item.created
        let isAllDay = property("IsAllDayEvent")?.text == "true"
        // All-day events keep their midnight in the event's own zone whatever the header says.
        let startZoneId = item.property("StartTimeZone")?[attribute: "Id"]
        let endZoneId = item.property("EndTimeZone")?[attribute: "Id"] ?? startZoneId
        let startZone = isAllDay ? (startZoneId ?? mailbox.timeZone) : options.zoneName
        let endZone = isAllDay ? (endZoneId ?? mailbox.timeZone) : options.zoneName
        let body = property("Body")
        let bodyText = body?.text ?? ""
        var fields: [GraphJSON.Member] = [
            .init("@odata.etag", .string(etag(changeKey))),
            .init("id", .string(id)),
        ]
        func add(_ name: String, _ value: GraphJSON?) {
            guard let value, options.includes(name) else { return }
            fields.append(.init(name, value))
        }
        add("createdDateTime", .string(GraphDateTime.formatSeconds(item.created)))
        add("lastModifiedDateTime", .string(GraphDateTime.formatSeconds(item.lastModified)))
        add("changeKey", .string(changeKey))
        add("categories", .array((property("Categories")?.children("String") ?? []).map { .string($0.text) }))
        add("transactionId", item.transactionId.map(GraphJSON.string) ?? .null)
        add("originalStartTimeZone", .string(startZoneId ?? "UTC"))
        add("originalEndTimeZone", .string(endZoneId ?? "UTC"))
        add("iCalUId", .string(item.property("UID")?.text ?? ""))
        add("reminderMinutesBeforeStart", .integer(Int64(property("ReminderMinutesBeforeStart")?.text ?? "15") ?? 15))
        add("isReminderOn", .bool(property("ReminderIsSet")?.text == "true"))
        add("subject", .string(property("Subject")?.text ?? ""))
        add("bodyPreview", .string(String(bodyText.prefix(255))))
        add("importance", .string(graph(importance, property("Importance")?.text) ?? "normal"))
        add("sensitivity", .string(graph(sensitivity, property("Sensitivity")?.text) ?? "normal"))
        add("isAllDay", .bool(isAllDay))
        add("isCancelled", .bool(false))
        add("isOrganizer", .bool(true))
        add("originalStart", instance.map { GraphJSON.string(GraphDateTime.formatSeconds($0.originalStart)) } ?? .null)
        add("seriesMasterId", instance == nil ? GraphJSON.null : GraphJSON.string(GraphIds.restId(of: item, immutable: options.immutableIds)))
        add("showAs", .string(graph(showAs, property("LegacyFreeBusyStatus")?.text) ?? "busy"))
        add("type", .string(type))
        add("body", .fields(["contentType": .string(body?[attribute: "BodyType"] == "HTML" ? "html" : "text"), "content": .string(bodyText)]))
        add("start", GraphDateTime.value(start, zoneName: startZone))
        add("end", GraphDateTime.value(end, zoneName: endZone))
        add("location", .fields(["displayName": .string(property("Location")?.text ?? "")]))
        add("recurrence", instance == nil ? (item.property("Recurrence").map { GraphRecurrence.graph(from: $0, zoneName: startZoneId ?? mailbox.timeZone) } ?? .null) : .null)
        add("attendees", attendees(of: item))
        add("organizer", .fields(["emailAddress": .fields(["name": .string(mailbox.displayName), "address": .string(mailbox.primarySmtpAddress)])]))
        if instance == nil, item.isRecurringMaster, options.select?.contains("cancelledOccurrences") == true {
            // An occurrence id names the day the occurrence falls on in the series' zone.
            let seriesZone = CalendarExpansion.zone(of: item, mailboxZone: TimeZoneResolution.timeZone(windowsId: mailbox.timeZone) ?? .gmt)
            let cancelled = item.deletedOccurrences.sorted().map { date in
                GraphJSON.string("OID.\(GraphIds.restId(of: item, immutable: options.immutableIds)).\(GraphDateTime.local(date, in: seriesZone).prefix(10))")
            }
            fields.append(.init("cancelledOccurrences", .array(cancelled)))
        }
        if instance == nil, item.isRecurringMaster, options.expandsExceptionOccurrences {
            let exceptions = item.modifiedOccurrences.keys.sorted().compactMap { originalStart in
                (try? CalendarExpansion.instance(of: item, originalStart: originalStart, contents: mailbox, mailboxZone: TimeZoneResolution.timeZone(windowsId: mailbox.timeZone) ?? .gmt))
                    ?? nil
            }
            var exceptionOptions = options
            exceptionOptions.expandsExceptionOccurrences = false
            exceptionOptions.expandedExtendedProperties = nil
            fields.append(
                .init("exceptionOccurrences", .array(exceptions.map { render(item, instance: $0, mailbox: mailbox, options: exceptionOptions) })))
        }
        if let expanded = options.expandedExtendedProperties,
            let values = GraphExtendedProperty.render(item, selecting: expanded.isEmpty ? nil : expanded)
        {
            fields.append(.init("singleValueExtendedProperties", values))
        }
        return .object(fields)
    }

    /// An occurrence as `calendarView/delta` returns it: a skeleton without subject or iCalUId.
    static func skeleton(_ instance: CalendarExpansion.Instance, master: StoredItem, options: GraphRenderOptions) -> GraphJSON {
        .fields([
            "@odata.type": .string("#microsoft.graph.event"),
            "@odata.etag": .string(etag(master.changeKey)),
            "id": .string(GraphIds.restId(ofOccurrence: instance.originalStart, master: master, immutable: options.immutableIds)),
            "seriesMasterId": .string(GraphIds.restId(of: master, immutable: options.immutableIds)),
            "type": .string("occurrence"),
            "start": GraphDateTime.value(instance.start, zoneName: options.zoneName),
            "end": GraphDateTime.value(instance.end, zoneName: options.zoneName),
        ])
    }
}
