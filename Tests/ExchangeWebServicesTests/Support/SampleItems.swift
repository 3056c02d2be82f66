import Foundation

@testable import ExchangeWebServices

/// Items with every modelled field set, to write and read back.
enum SampleItems {
    static let tag = ExtendedPropertyPath.publicString("PrextraRecordId")
    static let guidTag = ExtendedPropertyPath(
        propertySet: .guid("{C11FF724-AA03-4555-9952-8FA248A11C3E}"), key: .name("PrextraVersion"), type: "Integer")

    static func date(_ text: String) -> Date { EWSDateTime.date(from: text)! }

    static func calendarItem(recurrence: Recurrence? = weekly) -> CalendarItem {
        var item = CalendarItem(
            properties: ItemProperties(
                subject: "Revue <trimestrielle> & \"budget\"", body: ItemBody("Ordre du jour\nPoint 1"),
                categories: ["Prextra", "Client"], importance: .high,
                extendedProperties: [ExtendedProperty(path: tag, value: "appointment-42"), ExtendedProperty(path: guidTag, value: "3")]),
            start: date("2026-03-29T07:30:00Z"), end: date("2026-03-29T09:00:00Z"))
        item.properties.sensitivity = .private
        item.properties.reminderIsSet = true
        item.properties.reminderMinutesBeforeStart = 15
        item.isAllDayEvent = false
        item.legacyFreeBusyStatus = "Busy"
        item.location = "Salle 2"
        item.requiredAttendees = [Attendee(mailbox: EmailAddress(name: "Bob", address: "bob@contoso.example"))]
        item.optionalAttendees = [Attendee(mailbox: EmailAddress(address: "carol@contoso.example"))]
        item.recurrence = recurrence
        item.startTimeZone = "Europe/Paris"
        item.endTimeZone = "America/Montreal"
        return item
    }

    static let weekly = Recurrence(
        pattern: .weekly(interval: 2, daysOfWeek: [.monday, .thursday], firstDayOfWeek: .monday),
        range: .endDate(start: LocalDate(year: 2026, month: 3, day: 29), end: LocalDate(year: 2026, month: 12, day: 31)))

    static let everyRecurrence: [Recurrence] = [
        Recurrence(pattern: .daily(interval: 1), range: .noEnd(start: LocalDate(year: 2026, month: 1, day: 1))),
        weekly,
        Recurrence(pattern: .absoluteMonthly(interval: 1, dayOfMonth: 31), range: .numbered(start: LocalDate(year: 2026, month: 1, day: 31), occurrences: 12)),
        Recurrence(pattern: .relativeMonthly(interval: 3, dayOfWeek: .weekday, index: .last), range: .noEnd(start: LocalDate(year: 2026, month: 1, day: 30))),
        Recurrence(pattern: .absoluteYearly(dayOfMonth: 29, month: .february), range: .numbered(start: LocalDate(year: 2028, month: 2, day: 29), occurrences: 5)),
        Recurrence(pattern: .relativeYearly(dayOfWeek: .sunday, index: .first, month: .october), range: .noEnd(start: LocalDate(year: 2026, month: 10, day: 4))),
    ]

    static func allDay() -> CalendarItem {
        var item = CalendarItem(
            properties: ItemProperties(subject: "Congé"), start: date("2026-07-13T22:00:00Z"), end: date("2026-07-14T22:00:00Z"))
        item.isAllDayEvent = true
        item.startTimeZone = "Europe/Paris"
        item.endTimeZone = "Europe/Paris"
        return item
    }

    static func contact() -> Contact {
        var contact = Contact(
            properties: ItemProperties(categories: ["Prextra"], extendedProperties: [ExtendedProperty(path: tag, value: "contact-7")]))
        contact.fileAs = "Tremblay, Élise"
        contact.displayName = "Élise Tremblay"
        contact.givenName = "Élise"
        contact.middleName = "M."
        contact.nickname = "Lili"
        contact.companyName = "Acier & Fils"
        contact.emailAddresses = [.emailAddress1: "elise@acier.example", .emailAddress2: "e.tremblay@home.example", .emailAddress3: "et@third.example"]
        contact.physicalAddresses = [
            .business: PhysicalAddress(street: "1 rue du Port", city: "Québec", state: "QC", countryOrRegion: "Canada", postalCode: "G1K 1A1"),
            .home: PhysicalAddress(city: "Lévis"),
        ]
        contact.phoneNumbers = [.businessPhone: "+1 418 555 0100", .mobilePhone: "+1 418 555 0199"]
        contact.department = "Achats"
        contact.jobTitle = "Directrice"
        contact.surname = "Tremblay"
        contact.notes = "Préfère le courriel.\nÀ rappeler."
        return contact
    }

    static func task() -> TaskItem {
        var task = TaskItem(
            properties: ItemProperties(subject: "Relancer le devis", categories: ["Prextra"], importance: .low,
                extendedProperties: [ExtendedProperty(path: tag, value: "task-9")]))
        task.properties.reminderIsSet = true
        task.properties.reminderDueBy = date("2026-05-04T07:00:00Z")
        task.startDate = date("2026-05-01T00:00:00Z")
        task.dueDate = date("2026-05-05T00:00:00Z")
        task.percentComplete = 50
        task.status = .inProgress
        return task
    }

    static func message() -> Message {
        var message = Message(properties: ItemProperties(subject: "Devis 2026", body: ItemBody("<p>Bonjour</p>", type: .html)))
        message.toRecipients = [EmailAddress(name: "Élise", address: "elise@acier.example")]
        message.ccRecipients = [EmailAddress(address: "achats@acier.example")]
        message.from = EmailAddress(name: "Alice", address: "alice@contoso.example")
        message.isRead = true
        return message
    }
}
