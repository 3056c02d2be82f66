import Foundation
import StreamingXML
import WindowsTimeZones

/// Writes items as EWS XML, each element in the order its `types.xsd` sequence demands.
///
/// With `only` set, writes just that field (what a SetItemField carries); a field with no value
/// writes nothing, which is how UpdateItem knows to send a DeleteItemField instead.
struct ItemXMLWriter {
    var only: ItemField?

    private func include(_ field: ItemField) -> Bool { only == nil || only == field }

    static func elementName(of item: Item) -> String {
        switch item {
        case .calendarItem: "t:CalendarItem"
        case .contact: "t:Contact"
        case .task: "t:Task"
        case .message(let message): "t:\(message.elementName)"
        case .other(let name, _): "t:\(name)"
        }
    }

    /// Writes the whole item element.
    func write(_ item: Item, into writer: inout XMLWriter) throws {
        writer.startElement(Self.elementName(of: item))
        try writeFields(of: item, into: &writer)
        writer.endElement()
    }

    /// Writes the item's fields without the enclosing element.
    func writeFields(of item: Item, into writer: inout XMLWriter) throws {
        switch item {
        case .calendarItem(let calendarItem):
            writeCommon(calendarItem.properties, into: &writer)
            try writeCalendarFields(calendarItem, into: &writer)
        case .contact(let contact):
            writeCommon(contact.properties, into: &writer)
            writeContactFields(contact, into: &writer)
        case .task(let task):
            writeCommon(task.properties, into: &writer)
            writeTaskFields(task, into: &writer)
        case .message(let message):
            writeCommon(message.properties, into: &writer)
            writeMessageFields(message, into: &writer)
        case .other(_, let properties):
            writeCommon(properties, into: &writer)
        }
    }

    // MARK: ItemType

    private func writeCommon(_ item: ItemProperties, into writer: inout XMLWriter) {
        if include(.subject), let subject = item.subject { writer.element("t:Subject", text: subject) }
        if include(.sensitivity), let sensitivity = item.sensitivity { writer.element("t:Sensitivity", text: sensitivity.rawValue) }
        if include(.body), let body = item.body {
            writer.startElement("t:Body")
            writer.attribute("BodyType", body.type.rawValue)
            writer.text(body.content)
            writer.endElement()
        }
        if include(.categories), !item.categories.isEmpty {
            writer.element("t:Categories") { writer in
                for category in item.categories { writer.element("t:String", text: category) }
            }
        }
        if include(.importance), let importance = item.importance { writer.element("t:Importance", text: importance.rawValue) }
        if include(.reminderDueBy), let due = item.reminderDueBy { writer.element("t:ReminderDueBy", text: EWSDateTime.string(from: due)) }
        if include(.reminderIsSet), let isSet = item.reminderIsSet { writer.element("t:ReminderIsSet", text: isSet ? "true" : "false") }
        if include(.reminderMinutesBeforeStart), let minutes = item.reminderMinutesBeforeStart {
            writer.element("t:ReminderMinutesBeforeStart", text: String(minutes))
        }
        for property in item.extendedProperties where include(.extendedProperty(property.path.normalized)) || include(.extendedProperty(property.path)) {
            writer.element("t:ExtendedProperty") { writer in
                Self.writeExtendedFieldURI(property.path, into: &writer)
                if property.isMultiValued {
                    writer.element("t:Values") { writer in
                        for value in property.values { writer.element("t:Value", text: value) }
                    }
                } else {
                    writer.element("t:Value", text: property.value ?? "")
                }
            }
        }
    }

    static func writeExtendedFieldURI(_ path: ExtendedPropertyPath, into writer: inout XMLWriter) {
        writer.startElement("t:ExtendedFieldURI")
        switch path.propertySet {
        case .publicStrings: writer.attribute("DistinguishedPropertySetId", "PublicStrings")
        case .distinguished(let name): writer.attribute("DistinguishedPropertySetId", name)
        // The schema's GUID pattern has no braces.
        case .guid(let guid): writer.attribute("PropertySetId", guid.trimmingCharacters(in: ["{", "}"]))
        }
        switch path.key {
        case .name(let name): writer.attribute("PropertyName", name)
        case .id(let id): writer.attribute("PropertyId", String(id))
        }
        writer.attribute("PropertyType", path.type)
        writer.endElement()
    }

    // MARK: CalendarItemType

    private func writeCalendarFields(_ item: CalendarItem, into writer: inout XMLWriter) throws {
        if include(.start), let start = item.start { writer.element("t:Start", text: EWSDateTime.string(from: start)) }
        if include(.end), let end = item.end { writer.element("t:End", text: EWSDateTime.string(from: end)) }
        if include(.isAllDayEvent), let allDay = item.isAllDayEvent { writer.element("t:IsAllDayEvent", text: allDay ? "true" : "false") }
        if include(.legacyFreeBusyStatus), let status = item.legacyFreeBusyStatus { writer.element("t:LegacyFreeBusyStatus", text: status) }
        if include(.location), let location = item.location { writer.element("t:Location", text: location) }
        if include(.requiredAttendees), !item.requiredAttendees.isEmpty {
            Self.writeAttendees("t:RequiredAttendees", item.requiredAttendees, into: &writer)
        }
        if include(.optionalAttendees), !item.optionalAttendees.isEmpty {
            Self.writeAttendees("t:OptionalAttendees", item.optionalAttendees, into: &writer)
        }
        if include(.recurrence), let recurrence = item.recurrence { Self.writeRecurrence(recurrence, into: &writer) }
        if include(.startTimeZone), let zone = item.startTimeZone {
            writer.emptyElement("t:StartTimeZone", attributes: ["Id": try Self.windowsID(zone)])
        }
        if include(.endTimeZone), let zone = item.endTimeZone {
            writer.emptyElement("t:EndTimeZone", attributes: ["Id": try Self.windowsID(zone)])
        }
    }

    static func windowsID(_ iana: String) throws -> String {
        do {
            return try WindowsTimeZoneMapping.windowsID(forIANA: iana)
        } catch {
            throw EWSError(kind: .invalidRequest, message: error.description)
        }
    }

    private static func writeAttendees(_ name: String, _ attendees: [Attendee], into writer: inout XMLWriter) {
        writer.element(name) { writer in
            for attendee in attendees {
                writer.element("t:Attendee") { writer in writeMailbox(attendee.mailbox, into: &writer) }
            }
        }
    }

    static func writeMailbox(_ mailbox: EmailAddress, into writer: inout XMLWriter) {
        writer.element("t:Mailbox") { writer in
            if let name = mailbox.name { writer.element("t:Name", text: name) }
            if let address = mailbox.address, !address.isEmpty { writer.element("t:EmailAddress", text: address) }
            if let routing = mailbox.routingType, !routing.isEmpty { writer.element("t:RoutingType", text: routing) }
        }
    }

    static func writeRecurrence(_ recurrence: Recurrence, into writer: inout XMLWriter) {
        writer.element("t:Recurrence") { writer in
            switch recurrence.pattern {
            case .daily(let interval):
                writer.element("t:DailyRecurrence") { $0.element("t:Interval", text: String(interval)) }
            case .weekly(let interval, let days, let firstDay):
                writer.element("t:WeeklyRecurrence") { writer in
                    writer.element("t:Interval", text: String(interval))
                    writer.element("t:DaysOfWeek", text: days.map(\.rawValue).joined(separator: " "))
                    if let firstDay { writer.element("t:FirstDayOfWeek", text: firstDay.rawValue) }
                }
            case .absoluteMonthly(let interval, let dayOfMonth):
                writer.element("t:AbsoluteMonthlyRecurrence") { writer in
                    writer.element("t:Interval", text: String(interval))
                    writer.element("t:DayOfMonth", text: String(dayOfMonth))
                }
            case .relativeMonthly(let interval, let day, let index):
                writer.element("t:RelativeMonthlyRecurrence") { writer in
                    writer.element("t:Interval", text: String(interval))
                    writer.element("t:DaysOfWeek", text: day.rawValue)
                    writer.element("t:DayOfWeekIndex", text: index.rawValue)
                }
            case .absoluteYearly(let dayOfMonth, let month):
                writer.element("t:AbsoluteYearlyRecurrence") { writer in
                    writer.element("t:DayOfMonth", text: String(dayOfMonth))
                    writer.element("t:Month", text: month.rawValue)
                }
            case .relativeYearly(let day, let index, let month):
                writer.element("t:RelativeYearlyRecurrence") { writer in
                    writer.element("t:DaysOfWeek", text: day.rawValue)
                    writer.element("t:DayOfWeekIndex", text: index.rawValue)
                    writer.element("t:Month", text: month.rawValue)
                }
            }
            switch recurrence.range {
            case .noEnd(let start):
                writer.element("t:NoEndRecurrence") { $0.element("t:StartDate", text: start.description) }
            case .endDate(let start, let end):
                writer.element("t:EndDateRecurrence") { writer in
                    writer.element("t:StartDate", text: start.description)
                    writer.element("t:EndDate", text: end.description)
                }
            case .numbered(let start, let count):
                writer.element("t:NumberedRecurrence") { writer in
                    writer.element("t:StartDate", text: start.description)
                    writer.element("t:NumberOfOccurrences", text: String(count))
                }
            }
        }
    }

    // MARK: ContactItemType

    private func writeContactFields(_ contact: Contact, into writer: inout XMLWriter) {
        if include(.fileAs), let value = contact.fileAs { writer.element("t:FileAs", text: value) }
        if include(.displayName), let value = contact.displayName { writer.element("t:DisplayName", text: value) }
        if include(.givenName), let value = contact.givenName { writer.element("t:GivenName", text: value) }
        if include(.middleName), let value = contact.middleName { writer.element("t:MiddleName", text: value) }
        if include(.nickname), let value = contact.nickname { writer.element("t:Nickname", text: value) }
        if include(.companyName), let value = contact.companyName { writer.element("t:CompanyName", text: value) }
        let emails = EmailAddressKey.allCases.filter { include(.emailAddress($0)) && contact.emailAddresses[$0] != nil }
        if !emails.isEmpty {
            writer.element("t:EmailAddresses") { writer in
                for key in emails {
                    writer.startElement("t:Entry")
                    writer.attribute("Key", key.rawValue)
                    writer.text(contact.emailAddresses[key] ?? "")
                    writer.endElement()
                }
            }
        }
        var addresses: [(PhysicalAddressKey, PhysicalAddress)] = []
        for key in PhysicalAddressKey.allCases {
            guard let address = contact.physicalAddresses[key] else { continue }
            var kept = PhysicalAddress()
            for part in PhysicalAddressPart.allCases where include(.physicalAddress(key, part)) { kept[part] = address[part] }
            if !kept.isEmpty { addresses.append((key, kept)) }
        }
        if !addresses.isEmpty {
            writer.element("t:PhysicalAddresses") { writer in
                for (key, address) in addresses {
                    writer.startElement("t:Entry")
                    writer.attribute("Key", key.rawValue)
                    for part in PhysicalAddressPart.allCases {
                        if let value = address[part] { writer.element("t:\(part.rawValue)", text: value) }
                    }
                    writer.endElement()
                }
            }
        }
        let phones = PhoneNumberKey.allCases.filter { include(.phoneNumber($0)) && contact.phoneNumbers[$0] != nil }
        if !phones.isEmpty {
            writer.element("t:PhoneNumbers") { writer in
                for key in phones {
                    writer.startElement("t:Entry")
                    writer.attribute("Key", key.rawValue)
                    writer.text(contact.phoneNumbers[key] ?? "")
                    writer.endElement()
                }
            }
        }
        if include(.department), let value = contact.department { writer.element("t:Department", text: value) }
        if include(.jobTitle), let value = contact.jobTitle { writer.element("t:JobTitle", text: value) }
        if include(.surname), let value = contact.surname { writer.element("t:Surname", text: value) }
    }

    // MARK: TaskType

    private func writeTaskFields(_ task: TaskItem, into writer: inout XMLWriter) {
        if include(.dueDate), let due = task.dueDate { writer.element("t:DueDate", text: EWSDateTime.string(from: due)) }
        if include(.percentComplete), let percent = task.percentComplete {
            writer.element("t:PercentComplete", text: Self.decimal(percent))
        }
        if include(.startDate), let start = task.startDate { writer.element("t:StartDate", text: EWSDateTime.string(from: start)) }
        if include(.status), let status = task.status { writer.element("t:Status", text: status.rawValue) }
    }

    static func decimal(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    // MARK: MessageType

    private func writeMessageFields(_ message: Message, into writer: inout XMLWriter) {
        if include(.toRecipients), !message.toRecipients.isEmpty {
            writer.element("t:ToRecipients") { writer in
                for recipient in message.toRecipients { Self.writeMailbox(recipient, into: &writer) }
            }
        }
        if include(.ccRecipients), !message.ccRecipients.isEmpty {
            writer.element("t:CcRecipients") { writer in
                for recipient in message.ccRecipients { Self.writeMailbox(recipient, into: &writer) }
            }
        }
        if include(.from), let from = message.from {
            writer.element("t:From") { writer in Self.writeMailbox(from, into: &writer) }
        }
        if include(.isRead), let isRead = message.isRead { writer.element("t:IsRead", text: isRead ? "true" : "false") }
    }
}
