/// Finding items by the value of a single-value extended property (the sync's tag), e.g.
/// `String {00020329-0000-0000-C000-000000000046} Name PrextraRecordId` = `4711`.
extension GraphClient {
    static func tagQuery(propertyID: String, value: String) -> [(String, String)] {
        let id = odataLiteral(propertyID)
        return [
            ("$filter", "singleValueExtendedProperties/Any(ep: ep/id eq '\(id)' and ep/value eq '\(odataLiteral(value))')"),
            ("$expand", "singleValueExtendedProperties($filter=id eq '\(id)')"),
        ]
    }

    /// Events of the mailbox whose property `propertyID` has `value`, with that property expanded.
    public func findEvents(taggedWith propertyID: String, value: String, mailbox: String) async throws -> [GraphEvent] {
        try await readAllPages(
            at: Self.events(mailbox, calendarID: nil), query: Self.tagQuery(propertyID: propertyID, value: value), mailbox: mailbox,
            operation: "findEventsByTag")
    }

    /// Contacts of the default folder (or `folderID`) whose property `propertyID` has `value`.
    public func findContacts(taggedWith propertyID: String, value: String, mailbox: String, folderID: String? = nil) async throws -> [GraphContact] {
        try await readAllPages(
            at: Self.contacts(mailbox, folderID: folderID), query: Self.tagQuery(propertyID: propertyID, value: value), mailbox: mailbox,
            operation: "findContactsByTag")
    }
}
