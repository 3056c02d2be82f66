import WindowsTimeZones

/// Which fields differ between two versions of an item, so that UpdateItem touches only those.
extension ItemProperties {
    func changedFields(to new: ItemProperties) -> [ItemField] {
        var fields: [ItemField] = []
        if subject != new.subject { fields.append(.subject) }
        if sensitivity != new.sensitivity { fields.append(.sensitivity) }
        if body != new.body { fields.append(.body) }
        if categories != new.categories { fields.append(.categories) }
        if importance != new.importance { fields.append(.importance) }
        if reminderDueBy != new.reminderDueBy { fields.append(.reminderDueBy) }
        if reminderIsSet != new.reminderIsSet { fields.append(.reminderIsSet) }
        if reminderMinutesBeforeStart != new.reminderMinutesBeforeStart { fields.append(.reminderMinutesBeforeStart) }
        var paths: [ExtendedPropertyPath] = []
        for property in extendedProperties + new.extendedProperties {
            let path = property.path.normalized
            if !paths.contains(path) { paths.append(path) }
        }
        for path in paths {
            let old = extendedProperties.first { $0.path.normalized == path }?.values
            let updated = new.extendedProperties.first { $0.path.normalized == path }?.values
            if old != updated { fields.append(.extendedProperty(path)) }
        }
        return fields
    }
}

extension CalendarItem {
    /// The fields to send to turn `self` into `new`.
    public func changedFields(to new: CalendarItem) -> [ItemField] {
        var fields = properties.changedFields(to: new.properties)
        if start != new.start { fields.append(.start) }
        if end != new.end { fields.append(.end) }
        if isAllDayEvent != new.isAllDayEvent { fields.append(.isAllDayEvent) }
        if legacyFreeBusyStatus != new.legacyFreeBusyStatus { fields.append(.legacyFreeBusyStatus) }
        if location != new.location { fields.append(.location) }
        if requiredAttendees != new.requiredAttendees { fields.append(.requiredAttendees) }
        if optionalAttendees != new.optionalAttendees { fields.append(.optionalAttendees) }
        if recurrence != new.recurrence { fields.append(.recurrence) }
        // Exchange keeps Windows zones: two IANA names of one Windows zone are no change.
        if !WindowsTimeZoneMapping.sameWindowsZone(startTimeZone, new.startTimeZone) { fields.append(.startTimeZone) }
        if !WindowsTimeZoneMapping.sameWindowsZone(endTimeZone, new.endTimeZone) { fields.append(.endTimeZone) }
        return fields
    }
}

extension Contact {
    public func changedFields(to new: Contact) -> [ItemField] {
        var fields = properties.changedFields(to: new.properties)
        if fileAs != new.fileAs { fields.append(.fileAs) }
        if displayName != new.displayName { fields.append(.displayName) }
        if givenName != new.givenName { fields.append(.givenName) }
        if middleName != new.middleName { fields.append(.middleName) }
        if nickname != new.nickname { fields.append(.nickname) }
        if companyName != new.companyName { fields.append(.companyName) }
        for key in EmailAddressKey.allCases where emailAddresses[key] != new.emailAddresses[key] {
            fields.append(.emailAddress(key))
        }
        for key in PhysicalAddressKey.allCases {
            let old = physicalAddresses[key] ?? PhysicalAddress()
            let updated = new.physicalAddresses[key] ?? PhysicalAddress()
            for part in PhysicalAddressPart.allCases where old[part] != updated[part] {
                fields.append(.physicalAddress(key, part))
            }
        }
        for key in PhoneNumberKey.allCases where phoneNumbers[key] != new.phoneNumbers[key] {
            fields.append(.phoneNumber(key))
        }
        if department != new.department { fields.append(.department) }
        if jobTitle != new.jobTitle { fields.append(.jobTitle) }
        if surname != new.surname { fields.append(.surname) }
        return fields
    }
}

extension TaskItem {
    public func changedFields(to new: TaskItem) -> [ItemField] {
        var fields = properties.changedFields(to: new.properties)
        if dueDate != new.dueDate { fields.append(.dueDate) }
        if percentComplete != new.percentComplete { fields.append(.percentComplete) }
        if startDate != new.startDate { fields.append(.startDate) }
        if status != new.status { fields.append(.status) }
        return fields
    }
}

extension Message {
    public func changedFields(to new: Message) -> [ItemField] {
        var fields = properties.changedFields(to: new.properties)
        if toRecipients != new.toRecipients { fields.append(.toRecipients) }
        if ccRecipients != new.ccRecipients { fields.append(.ccRecipients) }
        if from != new.from { fields.append(.from) }
        if isRead != new.isRead { fields.append(.isRead) }
        return fields
    }
}

extension PhysicalAddress {
    public subscript(part: PhysicalAddressPart) -> String? {
        get {
            switch part {
            case .street: street
            case .city: city
            case .state: state
            case .countryOrRegion: countryOrRegion
            case .postalCode: postalCode
            }
        }
        set {
            switch part {
            case .street: street = newValue
            case .city: city = newValue
            case .state: state = newValue
            case .countryOrRegion: countryOrRegion = newValue
            case .postalCode: postalCode = newValue
            }
        }
    }
}
