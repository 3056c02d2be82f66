import Foundation

/// Makes a `StoredItem` from the item element of a CreateItem request (or a seed).
struct ItemBuilder {
    let order: SchemaElementOrder
    let timeZoneContext: TimeZone

    func build(from element: XMLElementNode, folderId: String, now: Date) throws(EWSError) -> StoredItem {
        guard let kind = ItemKind(elementName: element.name) else {
            throw EWSError(
                "ErrorInvalidRequest", "The simulator does not store items of type \(element.name).")
        }
        var properties: [XMLElementNode] = []
        var extended: [ExtendedPropertyKey: XMLElementNode] = [:]
        var attachments: [StoredAttachment] = []
        for child in element.children {
            if child.name == "Attachments" {
                attachments = try AttachmentElements.attachments(from: child, now: now)
                continue
            }
            if child.name == "ExtendedProperty" {
                guard let uri = child.child("ExtendedFieldURI"), let key = ExtendedPropertyKey(fieldURI: uri) else {
                    throw EWSError("ErrorInvalidExtendedProperty", "The extended property attribute combination is invalid.")
                }
                try ExtendedPropertyValue.check(child, type: key.propertyType)
                extended[key] = child
                continue
            }
            if ItemPropertyRules.readOnly.contains(child.name) {
                throw EWSError.invalidPropertySet("\(kind.fieldURIPrefix):\(child.name)")
            }
            properties.append(child)
        }
        try ItemPropertyRules.normalizeDates(&properties, schemaType: kind.schemaType, order: order, context: timeZoneContext)
        var item = StoredItem(
            id: Identifiers.newItemId(), changeKey: Identifiers.newChangeKey(version: 1), version: 1, kind: kind,
            folderId: folderId, properties: properties, extendedProperties: extended, created: now, lastModified: now)
        item.attachments = attachments
        try complete(&item)
        return item
    }

    /// Fills in what Exchange sets on a new item, and checks what it insists on.
    func complete(_ item: inout StoredItem) throws(EWSError) {
        func setDefault(_ name: String, _ value: String) {
            if item.property(name) == nil && order.has(name, in: item.kind.schemaType) { item.setProperty(.t(name, value)) }
        }
        setDefault("Sensitivity", "Normal")
        setDefault("Importance", "Normal")
        switch item.kind {
        case .calendarItem:
            guard let start = item.property("Start"), let end = item.property("End") else {
                throw EWSError("ErrorMissingInformation", "Start and End are required for a calendar item.")
            }
            if start.text > end.text {
                throw EWSError("ErrorCalendarEndDateIsEarlierThanStartDate", "EndDate is earlier than StartDate")
            }
            setDefault("UID", Identifiers.newUID())
            setDefault("IsAllDayEvent", "false")
            setDefault("LegacyFreeBusyStatus", "Busy")
            if let recurrence = item.property("Recurrence") {
                try RecurrenceRule.validate(recurrence)
            }
        case .task:
            setDefault("Status", "NotStarted")
            setDefault("PercentComplete", "0")
        case .contact:
            if item.property("DisplayName") == nil {
                let name = [item.property("GivenName")?.text, item.property("Surname")?.text].compactMap { $0 }
                    .joined(separator: " ")
                if !name.isEmpty { item.setProperty(.t("DisplayName", name)) }
            }
            setDefault("FileAs", item.property("DisplayName")?.text ?? "")
        case .message:
            setDefault("IsRead", "false")
        }
    }
}

extension Identifiers {
    /// An iCalendar UID in the form Exchange uses (hex of a GOID-like blob).
    static func newUID() -> String {
        UUID().uuidString.replacingOccurrences(of: "-", with: "") + UUID().uuidString.replacingOccurrences(of: "-", with: "")
    }
}
