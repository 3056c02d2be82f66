import Foundation
import StreamingXML
import WindowsTimeZones

/// Turns an item element of a response into its model. Unknown elements are ignored, so a
/// newer server's additions (or a documentation sample's `t:Country`) do not break a read.
enum ItemXMLReader {
    static func item(from node: XMLElementNode) -> Item {
        switch node.localName {
        case "CalendarItem": .calendarItem(calendarItem(from: node))
        case "Contact": .contact(contact(from: node))
        case "Task": .task(task(from: node))
        case "Message", "MeetingRequest", "MeetingResponse", "MeetingCancellation", "MeetingMessage":
            .message(message(from: node))
        default: .other(elementName: node.localName, properties: properties(from: node))
        }
    }

    static func itemID(from node: XMLElementNode?) -> ItemID? {
        guard let node, let id = node.attribute("Id") else { return nil }
        return ItemID(id, changeKey: node.attribute("ChangeKey"))
    }

    static func properties(from node: XMLElementNode) -> ItemProperties {
        var item = ItemProperties()
        for child in node.children {
            switch child.localName {
            case "ItemId": item.id = itemID(from: child)
            case "ParentFolderId": item.parentFolderID = child.attribute("Id")
            case "ItemClass": item.itemClass = child.text
            case "Subject": item.subject = child.text
            case "Sensitivity": item.sensitivity = Sensitivity(rawValue: child.text)
            case "Body":
                item.body = ItemBody(child.text, type: ItemBody.BodyType(rawValue: child.attribute("BodyType") ?? "Text") ?? .text)
            case "Categories": item.categories = child.children("String").map(\.text)
            case "Importance": item.importance = Importance(rawValue: child.text)
            case "ReminderDueBy": item.reminderDueBy = EWSDateTime.date(from: child.text)
            case "ReminderIsSet": item.reminderIsSet = bool(child.text)
            case "ReminderMinutesBeforeStart": item.reminderMinutesBeforeStart = Int(child.text.trimmed)
            case "ExtendedProperty": if let property = extendedProperty(from: child) { item.extendedProperties.append(property) }
            case "DateTimeCreated": item.dateTimeCreated = EWSDateTime.date(from: child.text)
            case "LastModifiedTime": item.lastModifiedTime = EWSDateTime.date(from: child.text)
            default: break
            }
        }
        return item
    }

    static func extendedPropertyPath(from uri: XMLElementNode) -> ExtendedPropertyPath? {
        let set: ExtendedPropertyPath.PropertySet
        if let name = uri.attribute("DistinguishedPropertySetId") {
            set = name == "PublicStrings" ? .publicStrings : .distinguished(name)
        } else if let guid = uri.attribute("PropertySetId") {
            set = .guid(guid)
        } else if let tag = uri.attribute("PropertyTag") {
            set = .distinguished("PropertyTag:\(tag)")
        } else {
            return nil
        }
        let key: ExtendedPropertyPath.Key
        if let name = uri.attribute("PropertyName") {
            key = .name(name)
        } else if let id = uri.attribute("PropertyId").flatMap({ Int($0) }) {
            key = .id(id)
        } else if uri.attribute("PropertyTag") != nil {
            key = .id(0)
        } else {
            return nil
        }
        return ExtendedPropertyPath(propertySet: set, key: key, type: uri.attribute("PropertyType") ?? "String").normalized
    }

    static func extendedProperty(from node: XMLElementNode) -> ExtendedProperty? {
        guard let uri = node.child("ExtendedFieldURI"), let path = extendedPropertyPath(from: uri) else { return nil }
        if let values = node.child("Values") {
            return ExtendedProperty(path: path, values: values.children("Value").map(\.text))
        }
        return ExtendedProperty(path: path, value: node.childText("Value") ?? "")
    }

    static func calendarItem(from node: XMLElementNode) -> CalendarItem {
        var item = CalendarItem(properties: properties(from: node))
        for child in node.children {
            switch child.localName {
            case "Start": item.start = EWSDateTime.date(from: child.text)
            case "End": item.end = EWSDateTime.date(from: child.text)
            case "OriginalStart": item.originalStart = EWSDateTime.date(from: child.text)
            case "IsAllDayEvent": item.isAllDayEvent = bool(child.text)
            case "LegacyFreeBusyStatus": item.legacyFreeBusyStatus = child.text
            case "Location": item.location = child.text
            case "UID": item.uid = child.text
            case "IsMeeting": item.isMeeting = bool(child.text)
            case "IsCancelled": item.isCancelled = bool(child.text)
            case "CalendarItemType": item.calendarItemType = CalendarItem.CalendarItemType(rawValue: child.text)
            case "Organizer": item.organizer = child.child("Mailbox").map(mailbox)
            case "RequiredAttendees": item.requiredAttendees = attendees(child)
            case "OptionalAttendees": item.optionalAttendees = attendees(child)
            case "Recurrence": item.recurrence = recurrence(from: child)
            case "ModifiedOccurrences":
                item.modifiedOccurrences = child.children("Occurrence").map { occurrence in
                    CalendarItem.Occurrence(
                        itemID: itemID(from: occurrence.child("ItemId")),
                        start: occurrence.childText("Start").flatMap(EWSDateTime.date(from:)),
                        end: occurrence.childText("End").flatMap(EWSDateTime.date(from:)),
                        originalStart: occurrence.childText("OriginalStart").flatMap(EWSDateTime.date(from:)))
                }
            case "DeletedOccurrences":
                item.deletedOccurrences = child.children("DeletedOccurrence").compactMap {
                    $0.childText("Start").flatMap(EWSDateTime.date(from:))
                }
            case "StartTimeZone":
                item.startTimeZoneWindowsID = child.attribute("Id")
                item.startTimeZone = child.attribute("Id").flatMap { try? WindowsTimeZoneMapping.ianaID(forWindowsID: $0) }
            case "EndTimeZone":
                item.endTimeZoneWindowsID = child.attribute("Id")
                item.endTimeZone = child.attribute("Id").flatMap { try? WindowsTimeZoneMapping.ianaID(forWindowsID: $0) }
            case "StartTimeZoneId":
                if item.startTimeZoneWindowsID == nil {
                    item.startTimeZoneWindowsID = child.text
                    item.startTimeZone = try? WindowsTimeZoneMapping.ianaID(forWindowsID: child.text)
                }
            case "EndTimeZoneId":
                if item.endTimeZoneWindowsID == nil {
                    item.endTimeZoneWindowsID = child.text
                    item.endTimeZone = try? WindowsTimeZoneMapping.ianaID(forWindowsID: child.text)
                }
            default: break
            }
        }
        return item
    }

    static func recurrence(from node: XMLElementNode) -> Recurrence? {
        var pattern: RecurrencePattern?
        var range: RecurrenceRange?
        for child in node.children {
            let interval = Int(child.childText("Interval")?.trimmed ?? "") ?? 1
            let days = (child.childText("DaysOfWeek") ?? "").split(separator: " ").compactMap { DayOfWeek(rawValue: String($0)) }
            let index = child.childText("DayOfWeekIndex").flatMap { DayOfWeekIndex(rawValue: $0.trimmed) }
            let month = child.childText("Month").flatMap { Month(rawValue: $0.trimmed) }
            let dayOfMonth = child.childText("DayOfMonth").flatMap { Int($0.trimmed) }
            let start = child.childText("StartDate").flatMap(LocalDate.init(ewsText:))
            switch child.localName {
            case "DailyRecurrence": pattern = .daily(interval: interval)
            case "WeeklyRecurrence":
                pattern = .weekly(
                    interval: interval, daysOfWeek: days,
                    firstDayOfWeek: child.childText("FirstDayOfWeek").flatMap { DayOfWeek(rawValue: $0.trimmed) })
            case "AbsoluteMonthlyRecurrence":
                if let dayOfMonth { pattern = .absoluteMonthly(interval: interval, dayOfMonth: dayOfMonth) }
            case "RelativeMonthlyRecurrence":
                if let day = days.first, let index { pattern = .relativeMonthly(interval: interval, dayOfWeek: day, index: index) }
            case "AbsoluteYearlyRecurrence":
                if let dayOfMonth, let month { pattern = .absoluteYearly(dayOfMonth: dayOfMonth, month: month) }
            case "RelativeYearlyRecurrence":
                if let day = days.first, let index, let month { pattern = .relativeYearly(dayOfWeek: day, index: index, month: month) }
            case "NoEndRecurrence":
                if let start { range = .noEnd(start: start) }
            case "EndDateRecurrence":
                if let start, let end = child.childText("EndDate").flatMap(LocalDate.init(ewsText:)) {
                    range = .endDate(start: start, end: end)
                }
            case "NumberedRecurrence":
                if let start, let count = child.childText("NumberOfOccurrences").flatMap({ Int($0.trimmed) }) {
                    range = .numbered(start: start, occurrences: count)
                }
            default: break
            }
        }
        guard let pattern, let range else { return nil }
        return Recurrence(pattern: pattern, range: range)
    }

    static func mailbox(_ node: XMLElementNode) -> EmailAddress {
        EmailAddress(name: node.childText("Name"), address: node.childText("EmailAddress"), routingType: node.childText("RoutingType"))
    }

    static func attendees(_ node: XMLElementNode) -> [Attendee] {
        node.children("Attendee").compactMap { attendee in
            attendee.child("Mailbox").map { Attendee(mailbox: mailbox($0), responseType: attendee.childText("ResponseType")) }
        }
    }

    static func contact(from node: XMLElementNode) -> Contact {
        var contact = Contact(properties: properties(from: node))
        for child in node.children {
            switch child.localName {
            case "FileAs": contact.fileAs = child.text
            case "DisplayName": contact.displayName = child.text
            case "GivenName": contact.givenName = child.text
            case "MiddleName": contact.middleName = child.text
            case "Nickname": contact.nickname = child.text
            case "CompanyName": contact.companyName = child.text
            case "Department": contact.department = child.text
            case "JobTitle": contact.jobTitle = child.text
            case "Surname": contact.surname = child.text
            case "EmailAddresses":
                for entry in child.children("Entry") {
                    if let key = entry.attribute("Key").flatMap(EmailAddressKey.init(rawValue:)) { contact.emailAddresses[key] = entry.text }
                }
            case "PhoneNumbers":
                for entry in child.children("Entry") {
                    if let key = entry.attribute("Key").flatMap(PhoneNumberKey.init(rawValue:)) { contact.phoneNumbers[key] = entry.text }
                }
            case "PhysicalAddresses":
                for entry in child.children("Entry") {
                    guard let key = entry.attribute("Key").flatMap(PhysicalAddressKey.init(rawValue:)) else { continue }
                    var address = PhysicalAddress()
                    for part in PhysicalAddressPart.allCases { address[part] = entry.childText(part.rawValue) }
                    contact.physicalAddresses[key] = address
                }
            default: break
            }
        }
        return contact
    }

    static func task(from node: XMLElementNode) -> TaskItem {
        var task = TaskItem(properties: properties(from: node))
        for child in node.children {
            switch child.localName {
            case "StartDate": task.startDate = EWSDateTime.date(from: child.text)
            case "DueDate": task.dueDate = EWSDateTime.date(from: child.text)
            case "CompleteDate": task.completeDate = EWSDateTime.date(from: child.text)
            case "PercentComplete": task.percentComplete = Double(child.text.trimmed)
            case "Status": task.status = TaskItem.Status(rawValue: child.text.trimmed)
            default: break
            }
        }
        return task
    }

    static func message(from node: XMLElementNode) -> Message {
        var message = Message(properties: properties(from: node))
        message.elementName = node.localName
        for child in node.children {
            switch child.localName {
            case "From": message.from = child.child("Mailbox").map(mailbox)
            case "ToRecipients": message.toRecipients = child.children("Mailbox").map(mailbox)
            case "CcRecipients": message.ccRecipients = child.children("Mailbox").map(mailbox)
            case "IsRead": message.isRead = bool(child.text)
            case "InternetMessageId": message.internetMessageID = child.text
            case "DateTimeSent": message.dateTimeSent = EWSDateTime.date(from: child.text)
            case "DateTimeReceived": message.dateTimeReceived = EWSDateTime.date(from: child.text)
            case "InReplyTo": message.inReplyTo = child.text
            case "References": message.references = child.text
            case "ConversationId": message.conversationID = child.attribute("Id")
            case "HasAttachments": message.hasAttachments = bool(child.text)
            case "Attachments": message.attachments = child.children.compactMap(attachment)
            default: break
            }
        }
        return message
    }

    /// One child of `t:Attachments` (file, item or reference attachment), metadata only.
    static func attachment(from node: XMLElementNode) -> Attachment? {
        guard let kind = Attachment.Kind(rawValue: node.localName) else { return nil }
        return Attachment(
            kind: kind, id: node.child("AttachmentId")?.attribute("Id"), name: node.childText("Name"), contentType: node.childText("ContentType"),
            size: node.childText("Size").flatMap { Int($0.trimmed) }, isInline: node.childText("IsInline").flatMap(bool))
    }

    static func folder(from node: XMLElementNode) -> Folder {
        var folder = Folder(elementName: node.localName)
        for child in node.children {
            switch child.localName {
            case "FolderId": folder.id = child.attribute("Id").map { .id($0, changeKey: child.attribute("ChangeKey")) }
            case "ParentFolderId": folder.parentID = child.attribute("Id")
            case "DisplayName": folder.displayName = child.text
            case "FolderClass": folder.folderClass = child.text
            case "TotalCount": folder.totalCount = Int(child.text.trimmed)
            case "ChildFolderCount": folder.childFolderCount = Int(child.text.trimmed)
            default: break
            }
        }
        return folder
    }

    static func bool(_ text: String) -> Bool? {
        switch text.trimmed {
        case "true", "1": true
        case "false", "0": false
        default: nil
        }
    }
}

extension String {
    /// Without leading and trailing XML whitespace; cheap when there is none, which is the usual case.
    var trimmed: String {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }
        let utf8 = self.utf8
        guard let first = utf8.first, let last = utf8.last, isSpace(first) || isSpace(last) else { return self }
        guard let start = utf8.firstIndex(where: { !isSpace($0) }), let end = utf8.lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[start...end])
    }
}
