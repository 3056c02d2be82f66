/// One property of an item that UpdateItem can set or delete on its own.
public enum ItemField: Hashable, Sendable {
    // Every item.
    case subject, body, categories, importance, sensitivity
    case reminderDueBy, reminderIsSet, reminderMinutesBeforeStart
    case extendedProperty(ExtendedPropertyPath)
    // Calendar items.
    case start, end, isAllDayEvent, legacyFreeBusyStatus, location
    case requiredAttendees, optionalAttendees, recurrence, startTimeZone, endTimeZone
    // Contacts.
    case fileAs, displayName, givenName, middleName, nickname, companyName
    case emailAddress(EmailAddressKey)
    case physicalAddress(PhysicalAddressKey, PhysicalAddressPart)
    case phoneNumber(PhoneNumberKey)
    case department, jobTitle, surname
    // Tasks.
    case dueDate, percentComplete, startDate, status
    // Messages.
    case isRead, toRecipients, ccRecipients, from
    /// Any other property by its FieldURI (`calendar:UID`), for reading it.
    case property(String)

    /// How a request names the field: `FieldURI`, `IndexedFieldURI` or `ExtendedFieldURI`.
    enum Path {
        case field(String)
        case indexed(String, index: String)
        case extended(ExtendedPropertyPath)
    }

    var path: Path {
        switch self {
        case .subject: .field("item:Subject")
        case .body: .field("item:Body")
        case .categories: .field("item:Categories")
        case .importance: .field("item:Importance")
        case .sensitivity: .field("item:Sensitivity")
        case .reminderDueBy: .field("item:ReminderDueBy")
        case .reminderIsSet: .field("item:ReminderIsSet")
        case .reminderMinutesBeforeStart: .field("item:ReminderMinutesBeforeStart")
        case .extendedProperty(let path): .extended(path)
        case .start: .field("calendar:Start")
        case .end: .field("calendar:End")
        case .isAllDayEvent: .field("calendar:IsAllDayEvent")
        case .legacyFreeBusyStatus: .field("calendar:LegacyFreeBusyStatus")
        case .location: .field("calendar:Location")
        case .requiredAttendees: .field("calendar:RequiredAttendees")
        case .optionalAttendees: .field("calendar:OptionalAttendees")
        case .recurrence: .field("calendar:Recurrence")
        case .startTimeZone: .field("calendar:StartTimeZone")
        case .endTimeZone: .field("calendar:EndTimeZone")
        case .fileAs: .field("contacts:FileAs")
        case .displayName: .field("contacts:DisplayName")
        case .givenName: .field("contacts:GivenName")
        case .middleName: .field("contacts:MiddleName")
        case .nickname: .field("contacts:Nickname")
        case .companyName: .field("contacts:CompanyName")
        case .emailAddress(let key): .indexed("contacts:EmailAddress", index: key.rawValue)
        case .physicalAddress(let key, let part): .indexed("contacts:PhysicalAddress:\(part.rawValue)", index: key.rawValue)
        case .phoneNumber(let key): .indexed("contacts:PhoneNumber", index: key.rawValue)
        case .department: .field("contacts:Department")
        case .jobTitle: .field("contacts:JobTitle")
        case .surname: .field("contacts:Surname")
        case .dueDate: .field("task:DueDate")
        case .percentComplete: .field("task:PercentComplete")
        case .startDate: .field("task:StartDate")
        case .status: .field("task:Status")
        case .isRead: .field("message:IsRead")
        case .toRecipients: .field("message:ToRecipients")
        case .ccRecipients: .field("message:CcRecipients")
        case .from: .field("message:From")
        case .property(let uri): .field(uri)
        }
    }
}

/// The parts of a physical address, each its own field for UpdateItem.
public enum PhysicalAddressPart: String, Hashable, Sendable, CaseIterable {
    case street = "Street", city = "City", state = "State", countryOrRegion = "CountryOrRegion", postalCode = "PostalCode"
}
