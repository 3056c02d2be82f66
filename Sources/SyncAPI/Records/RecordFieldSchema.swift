import SyncEngine

/// The fields each record type accepts on the API, with their shapes. The names are the
/// engine's stable `FieldName`s; the OpenAPI document lists the same ones.
enum RecordFieldSchema {
    static func fields(of kind: EntityKind) -> [String: FieldShape] {
        switch kind {
        case .contact: contact
        case .appointment: appointment
        case .task: task
        }
    }

    static let address: FieldShape = .object([
        "street": .text, "city": .text, "state": .text, "postalCode": .text, "countryOrRegion": .text,
    ])

    static let contact: [String: FieldShape] = {
        var fields: [String: FieldShape] = [
            FieldName.givenName: .text, FieldName.middleName: .text, FieldName.surname: .text,
            FieldName.displayName: .text, FieldName.companyName: .text, FieldName.jobTitle: .text,
            FieldName.department: .text, FieldName.notes: .text, FieldName.categories: .list(.text),
        ]
        for email in FieldName.emailAddresses { fields[email] = .text }
        for phone in PhoneKind.allCases { fields[phone.fieldName] = .text }
        for kind in PhysicalAddress.Kind.allCases { fields[kind.fieldName] = address }
        return fields
    }()

    static let appointment: [String: FieldShape] = [
        FieldName.subject: .text, FieldName.body: .text, FieldName.location: .text,
        FieldName.start: .instantOrDay, FieldName.end: .instantOrDay,
        FieldName.startTimeZone: .text, FieldName.endTimeZone: .text, FieldName.isAllDay: .boolean,
        FieldName.categories: .list(.text),
        FieldName.attendees: .list(.object(["email": .text, "name": .text, "role": .text])),
        FieldName.showAs: .text, FieldName.reminderMinutesBeforeStart: .integer,
        FieldName.recurrence: .object([
            "type": .text, "interval": .integer, "daysOfWeek": .list(.text), "firstDayOfWeek": .text,
            "dayOfMonth": .integer, "weekIndex": .text, "month": .integer,
            "rangeType": .text, "rangeStart": .day, "rangeEnd": .day, "count": .integer,
        ]),
        FieldName.modifiedOccurrences: .list(.object([
            "originalStart": .instant, "start": .instant, "end": .instant, "subject": .text, "location": .text,
            "body": .text,
        ])),
        FieldName.deletedOccurrences: .list(.instant),
    ]

    static let task: [String: FieldShape] = [
        FieldName.subject: .text, FieldName.body: .text, FieldName.status: .text,
        FieldName.startDate: .day, FieldName.dueDate: .day, FieldName.completedDate: .day,
        FieldName.percentComplete: .integer, FieldName.importance: .text, FieldName.reminderAt: .instant,
        FieldName.categories: .list(.text),
    ]
}
