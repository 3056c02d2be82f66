import Foundation

/// Which item properties a client may set, and how values are normalised on the way in.
enum ItemPropertyRules {
    /// Properties Exchange computes; setting one is `ErrorInvalidPropertySet`.
    static let readOnly: Set<String> = [
        "ItemId", "ParentFolderId", "DateTimeReceived", "Size", "DateTimeCreated", "DateTimeSent", "HasAttachments",
        "LastModifiedName", "LastModifiedTime", "IsAssociated", "EffectiveRights", "ResponseObjects", "DisplayTo",
        "DisplayCc", "DisplayBcc", "ConversationId", "UniqueBody", "InstanceKey", "StoreEntryId", "IsSubmitted",
        "CalendarItemType", "IsRecurring", "ModifiedOccurrences", "DeletedOccurrences", "FirstOccurrence",
        "LastOccurrence", "Organizer", "MyResponseType", "ConflictingMeetingCount", "AdjacentMeetingCount",
        "ConflictingMeetings", "AdjacentMeetings", "AppointmentState", "AppointmentReplyTime", "IsCancelled",
        "MeetingRequestWasSent", "Duration", "TimeZone", "AppointmentSequenceNumber", "RecurrenceId", "DateTimeStamp",
        "IsOnlineMeeting", "IsComplete", "Delegator", "Owner", "StatusDescription", "IsAssignmentEditable",
        "IsTeamTask", "ChangeCount", "ItemClassReadOnly", "DirectReports", "Manager", "PhoneticFullName", "Photo",
        "HasPicture", "ContactSource", "Culture",
    ]

    /// Converts xs:dateTime properties to UTC `Z` form; floating values are read in the item's
    /// StartTimeZone/EndTimeZone or else in the request's time zone context.
    static func normalizeDates(
        _ properties: inout [XMLElementNode], schemaType: String, order: SchemaElementOrder, context: TimeZone,
        existing: StoredItem? = nil
    ) throws(EWSError) {
        func zone(named element: String) throws(EWSError) -> TimeZone? {
            guard let value = properties.first(where: { $0.name == element }) ?? existing?.property(element) else { return nil }
            guard let id = value[attribute: "Id"] else { return nil }
            guard let zone = TimeZoneResolution.timeZone(windowsId: id) else {
                throw EWSError("ErrorTimeZone", "The time zone '\(id)' is not a valid time zone id.")
            }
            return zone
        }
        let startZone = try zone(named: "StartTimeZone")
        let endZone = try zone(named: "EndTimeZone") ?? startZone
        for index in properties.indices {
            let name = properties[index].name
            guard order.type(of: name, in: schemaType) == "xs:dateTime" else { continue }
            let floating = name == "End" ? (endZone ?? context) : (startZone ?? context)
            guard let date = EWSDateTime.parse(properties[index].text, floatingIn: floating) else {
                throw EWSError("ErrorInvalidValueForProperty", "The value '\(properties[index].text)' is not valid for property \(name).")
            }
            properties[index].text = EWSDateTime.format(date)
        }
    }
}
